package org.cellbook.kernel.channel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.Loop;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.channels.ShellHandler;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.zeromq.ZMQ;

/**
 * A shell (or control) channel that waits on its socket instead of sleeping between polls.
 *
 * <p>The base library's channel polls with a zero timeout and sleeps 50 ms when nothing came, so a
 * request waits up to 50 ms before it is even read. Here the loop blocks in {@code poll} (bounded by
 * {@link #POLL_MILLIS} so a shutdown is noticed) and handles a message as soon as it arrives. The
 * socket is closed by its own loop thread when the loop ends, since ZMQ sockets are not thread-safe.
 */
final class BlockingShellChannel extends ShellChannel {
    static final int POLL_MILLIS = 200;

    private final boolean control;
    private final JupyterConnection connection;
    private final ZMQ.Context context;
    private volatile Loop loop;

    BlockingShellChannel(ZMQ.Context context, HMACGenerator hmac, boolean control, JupyterConnection connection) {
        super(context, hmac, control, connection);
        this.context = context;
        this.control = control;
        this.connection = connection;
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        if (loop != null) {
            throw new IllegalStateException("channel already bound");
        }
        int port = control ? props.getControlPort() : props.getShellPort();
        super.bind(props.getTransport() + "://" + props.getIp() + ":" + port);
        ZMQ.Poller poller = context.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        Loop l = new Loop(control ? "cellbook-control" : "cellbook-shell", () -> {
            if (poller.poll(POLL_MILLIS) > 0 && poller.pollin(0)) {
                handle(readMessage(), poller);
            }
            return 0; // no sleep: go straight back to waiting on the socket
        });
        l.onClose(() -> {
            poller.close();
            closeSocket();
        });
        l.onError(t -> {
            logger.log(Level.SEVERE, "shell loop error", t);
            return 0;
        });
        loop = l;
        l.start();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void handle(Message message, ZMQ.Poller poller) {
        if (message == null) {
            return;
        }
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            logger.warning("unhandled message: " + message.getHeader().getType().getName());
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        List<Message<?>> later = List.of();
        try {
            handler.handle(env, message);
        } catch (Exception e) {
            logger.log(Level.SEVERE, "error handling " + message.getHeader().getType().getName(), e);
        } finally {
            later = abortQueuedIfRequested(poller);
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            connection.close();
            return;
        }
        later.forEach(m -> handle(m, poller));
    }

    /**
     * After a failed cell, aborts the execute requests already waiting on the socket. This runs before
     * the failed cell's reply is sent, so a client cannot have sent anything in reaction to it yet:
     * exactly the requests queued behind the failure are aborted. Other requests are kept for later.
     */
    private List<Message<?>> abortQueuedIfRequested(ZMQ.Poller poller) {
        if (!(connection instanceof LowLatencyConnection c) || !c.takeAbortRequest()) {
            return List.of();
        }
        List<Message<?>> later = new ArrayList<>();
        while (poller.poll(0) > 0 && poller.pollin(0)) {
            Message<?> queued = readMessage();
            if (queued == null) {
                break;
            }
            if (queued.getHeader().getType() == MessageType.EXECUTE_REQUEST) {
                abort(queued);
            } else {
                later.add(queued);
            }
        }
        return later;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void abort(Message<?> request) {
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, request);
        env.setBusyDeferIdle();
        env.reply(new Message(request, MessageType.EXECUTE_REPLY, java.util.Map.of("status", "aborted")));
        env.resolveDeferrals();
    }

    private void closeSocket() {
        super.close();
    }

    /** Asks the loop to end; the loop closes the socket itself. */
    @Override
    public void close() {
        Loop l = loop;
        if (l != null) {
            l.shutdown();
        } else {
            super.close();
        }
    }

    @Override
    public void waitUntilClose() {
        Loop l = loop;
        if (l != null && l != Thread.currentThread()) {
            try {
                l.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
