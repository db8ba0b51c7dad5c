package org.cellbook.kernel.channel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.publish.PublishStatus;
import java.security.GeneralSecurityException;
import org.zeromq.ZMQ;

/**
 * The base library's connection with the shell and control channels swapped for
 * {@link BlockingShellChannel}s. The base class still creates its own (never bound) shell and control
 * sockets; they are closed with it. Ours live in a separate ZMQ context.
 */
public final class LowLatencyConnection extends JupyterConnection {
    private final KernelConnectionProperties props;
    private final ZMQ.Context fastContext = ZMQ.context(1);
    private final BlockingShellChannel fastShell;
    private final BlockingShellChannel fastControl;
    private volatile boolean connected;
    private volatile boolean abortQueued;

    public LowLatencyConnection(KernelConnectionProperties props) throws GeneralSecurityException {
        super(props);
        this.props = props;
        HMACGenerator hmac = props.createHMACGenerator();
        this.fastShell = new BlockingShellChannel(fastContext, hmac, false, this);
        this.fastControl = new BlockingShellChannel(fastContext, hmac, true, this);
    }

    @Override
    public void connect() {
        if (connected) {
            return;
        }
        heartbeat.bind(props);
        fastShell.bind(props);
        fastControl.bind(props);
        stdin.bind(props);
        iopub.bind(props);
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
        connected = true;
    }

    /**
     * After a failed cell with {@code stop_on_error}: execute requests already waiting on the shell
     * socket get an {@code aborted} reply instead of running (what ipykernel does for "Run all").
     */
    public void abortQueuedExecutions() {
        abortQueued = true;
    }

    boolean takeAbortRequest() {
        boolean a = abortQueued;
        abortQueued = false;
        return a;
    }

    @Override
    public void close() {
        fastShell.close();
        fastControl.close();
        super.close();
    }

    @Override
    public void waitUntilClose() {
        fastShell.waitUntilClose();
        fastControl.waitUntilClose();
        super.waitUntilClose();
        fastContext.close();
    }
}
