package org.cellbook.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.history.HistoryManager;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishClearOutput;
import io.github.spencerpark.jupyter.messages.publish.PublishDisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishError;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteInput;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteResult;
import io.github.spencerpark.jupyter.messages.publish.PublishUpdateDisplayData;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.KernelInfoRequest;
import io.github.spencerpark.jupyter.messages.request.ShutdownRequest;
import io.github.spencerpark.jupyter.messages.request.InterruptRequest;
import io.github.spencerpark.jupyter.messages.request.CommInfoRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.kernel.cellcache.CellCacheHook;
import org.cellbook.kernel.cellcache.CellCacheMagics;
import org.cellbook.kernel.display.DisplayRegistry;
import org.cellbook.kernel.exec.CellFailure;
import org.cellbook.kernel.exec.CodeAssist;
import org.cellbook.kernel.exec.JavaEvaluator;
import org.cellbook.kernel.magic.CellRunner;
import org.cellbook.kernel.magic.Magics;
import org.cellbook.kernel.magic.StandardMagics;
import org.cellbook.kernel.magic.maven.MavenResolver;
import org.cellbook.kernel.runtime.Display;

/**
 * The Cellbook Java kernel: JShell in this JVM behind the Jupyter protocol, IJava-compatible.
 *
 * <p>It keeps the base library's sockets, message classes and the comm, complete, inspect and
 * is_complete handlers, and replaces the handlers whose replies the base library gets wrong or
 * incomplete: execute (real result objects rendered through a {@link DisplayRegistry}, silent and
 * store_history, user_expressions, error replies with the exception's class), kernel_info, history,
 * interrupt, shutdown and comm_info (the base ones omit {@code status: ok}).
 */
public final class CellbookKernel extends BaseKernel {
    /** Everything that needs JShell; built in the background so the kernel answers kernel_info at once. */
    private record Session(JavaEvaluator evaluator, CodeAssist assist, CellRunner runner, Magics magics) { }

    private final java.util.concurrent.CompletableFuture<Session> session;
    private final DisplayRegistry registry = DisplayRegistry.withDefaults();
    private final SessionHistory history = new SessionHistory();
    private final KernelOutput output = new KernelOutput();
    private volatile ShellReplyEnvironment currentEnv;
    private final List<Map<String, Object>> payloads = new java.util.concurrent.CopyOnWriteArrayList<>();

    public CellbookKernel(KernelSettings settings) {
        this.session = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            JavaEvaluator evaluator = new JavaEvaluator(settings.evaluator());
            Magics magics = StandardMagics.create(evaluator, MavenResolver.defaults());
            CellCacheHook cellCache = cellCache();
            if (cellCache != null) {
                evaluator.addHook(cellCache);
            }
            CellCacheMagics.register(magics, evaluator, cellCache);
            return new Session(evaluator, new CodeAssist(evaluator), new CellRunner(evaluator, magics), magics);
        }, runnable -> {
            Thread t = new Thread(runnable, "cellbook-session-init");
            t.setDaemon(true);
            t.start();
        });
        Display.install(new Display.Sink() {
            @Override
            public void display(DisplayData data) {
                publish(new PublishDisplayData(data));
            }

            @Override
            public void update(DisplayData data) {
                publish(new PublishUpdateDisplayData(data));
            }

            @Override
            public void clear(boolean wait) {
                publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
            }

            @Override
            public void page(DisplayData data) {
                // DisplayData keeps its bundle private; its JSON form has it under "data"
                Object bundle = new com.google.gson.Gson().toJsonTree(data).getAsJsonObject().get("data");
                payloads.add(Map.of("source", "page", "data", bundle, "start", 0));
            }
        }, registry);
    }

    private <T extends io.github.spencerpark.jupyter.messages.ContentType<T>> void publish(T content) {
        ShellReplyEnvironment env = currentEnv;
        if (env != null) {
            output.flush(); // keep text printed before a display above it
            env.publish(content);
        }
    }

    /** The JShell session, waiting for its start-up; a failed start-up (e.g. a startup script) is rethrown. */
    private Session session() {
        try {
            return session.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public JavaEvaluator evaluator() {
        return session().evaluator();
    }

    public DisplayRegistry displayRegistry() {
        return registry;
    }

    public Magics magics() {
        return session().magics();
    }

    /** Routes System.out/err/in of this JVM to the front end. */
    void captureStandardStreams() {
        System.setOut(output.out);
        System.setErr(output.err);
        System.setIn(output.in);
        setShouldReplaceStdStreams(false);
    }

    private volatile JupyterConnection connection;

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        this.connection = connection;
        super.becomeHandlerForConnection(connection);
        connection.setHandler(MessageType.EXECUTE_REQUEST, this::handleExecute);
        connection.setHandler(MessageType.KERNEL_INFO_REQUEST, this::handleKernelInfo);
        connection.setHandler(MessageType.HISTORY_REQUEST, this::handleHistory);
        connection.setHandler(MessageType.SHUTDOWN_REQUEST, this::handleShutdown);
        connection.setHandler(MessageType.INTERRUPT_REQUEST, this::handleInterrupt);
        connection.setHandler(MessageType.COMM_INFO_REQUEST, this::handleCommInfo);
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("java")
                .build();
    }

    @Override
    public String getBanner() {
        return "Cellbook Java kernel (JShell, Java " + Runtime.version() + ")";
    }

    @Override
    public HistoryManager getHistoryManager() {
        return history;
    }

    /** Unused by our execute handler; here for the base class and embedders. */
    @Override
    public DisplayData eval(String code) throws Exception {
        JavaEvaluator.Result r = session().runner().run(executionCount.get(), code);
        return r.hasValue() ? registry.render(r.value()) : null;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return session().assist().inspect(code, at).map(DisplayData::new).orElse(null);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        CodeAssist.Completion c = session().assist().complete(code, at);
        return new ReplacementOptions(c.matches(), c.start(), c.end());
    }

    @Override
    public String isComplete(String code) {
        CodeAssist.Completeness c = session().assist().isComplete(code);
        return switch (c.status()) {
            case "complete" -> IS_COMPLETE_YES;
            case "invalid" -> IS_COMPLETE_BAD;
            case "incomplete" -> c.indent();
            default -> IS_COMPLETE_MAYBE;
        };
    }

    @Override
    public void interrupt() {
        session.thenAccept(s -> s.evaluator().interrupt());
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        interrupt();
    }

    private void handleExecute(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        ExecuteRequest req = message.getContent();
        commManager.setMessageContext(message);
        env.setBusyDeferIdle();
        boolean silent = req.isSilent();
        boolean store = req.shouldStoreHistory() && !silent;
        int count = store ? executionCount.getAndIncrement() : executionCount.get() - 1;
        if (!silent) {
            env.publish(new PublishExecuteInput(req.getCode(), count));
        }
        currentEnv = env;
        payloads.clear();
        output.attach(env, req.isStdinEnabled());
        Map<String, Object> reply = new LinkedHashMap<>();
        try {
            JavaEvaluator.Result r = session().runner().run(count, req.getCode());
            output.flush();
            String text = null;
            if (r.hasValue() && !r.isDisplayCall()) {
                DisplayData data = registry.render(r.value());
                text = r.value() instanceof DisplayData replayed // a cell served from the cache
                        ? String.valueOf(replayed.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN))
                        : DisplayRegistry.plainText(r.value());
                if (!silent) {
                    env.publish(new PublishExecuteResult(count, data));
                }
            }
            if (store) {
                history.add(count, req.getCode(), text);
            }
            reply.put("status", "ok");
            reply.put("execution_count", count);
            reply.put("user_expressions", userExpressions(req.getUserExpr()));
            reply.put("payload", List.copyOf(payloads));
        } catch (CellFailure f) {
            output.flush();
            if (store) {
                history.add(count, req.getCode(), null);
            }
            env.publish(new PublishError(f.ename(), f.evalue(), f.traceback()));
            reply.put("status", "error");
            reply.put("ename", f.ename());
            reply.put("evalue", f.evalue());
            reply.put("traceback", f.traceback());
            reply.put("execution_count", count);
            abortQueuedIf(req.shouldStopOnError());
        } catch (RuntimeException | Error e) {
            output.flush();
            String value = String.valueOf(e.getMessage());
            List<String> tb = List.of(e.toString());
            env.publish(new PublishError(e.getClass().getName(), value, tb));
            reply.put("status", "error");
            reply.put("ename", e.getClass().getName());
            reply.put("evalue", value);
            reply.put("traceback", tb);
            reply.put("execution_count", count);
            abortQueuedIf(req.shouldStopOnError());
        }
        env.defer().reply(raw(message, MessageType.EXECUTE_REPLY, reply));
    }

    private void abortQueuedIf(boolean stopOnError) {
        if (stopOnError && connection instanceof org.cellbook.kernel.channel.LowLatencyConnection c) {
            c.abortQueuedExecutions();
        }
    }

    private Map<String, Object> userExpressions(Map<String, String> expressions) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (expressions == null) {
            return out;
        }
        expressions.forEach((name, expr) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            try {
                DisplayData d = registry.render(evaluator().evalExpression(expr));
                v.put("status", "ok");
                v.put("data", Map.of("text/plain", String.valueOf(d.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN))));
                v.put("metadata", Map.of());
            } catch (CellFailure f) {
                v.put("status", "error");
                v.put("ename", f.ename());
                v.put("evalue", f.evalue());
                v.put("traceback", f.traceback());
            }
            out.put(name, v);
        });
        return out;
    }

    private void handleKernelInfo(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        LanguageInfo li = getLanguageInfo();
        Map<String, Object> lang = new LinkedHashMap<>();
        lang.put("name", li.getName());
        lang.put("version", li.getVersion());
        lang.put("mimetype", li.getMimetype());
        lang.put("file_extension", li.getFileExtension());
        lang.put("pygments_lexer", li.getPygmentsLexer());
        lang.put("codemirror_mode", li.getCodemirrorMode());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("status", "ok");
        c.put("protocol_version", Header.PROTOCOL_VERISON);
        c.put("implementation", "cellbook");
        c.put("implementation_version", implementationVersion());
        c.put("language_info", lang);
        c.put("banner", getBanner());
        c.put("debugger", false);
        c.put("help_links", List.of(Map.of("text", "Java API", "url",
                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/")));
        env.reply(raw(message, MessageType.KERNEL_INFO_REPLY, c));
    }

    /**
     * The per-cell cache, on when CELLBOOK_CACHE_DIR names a directory (off by default so that
     * running a notebook twice in a fresh kernel still runs it, as other kernels do).
     */
    private static CellCacheHook cellCache() {
        String dir = System.getenv(org.cellbook.cache.CacheLocation.ENV);
        if (dir == null || dir.isBlank()) {
            return null;
        }
        return new CellCacheHook(org.cellbook.cache.CacheStore.open(java.nio.file.Path.of(dir)),
                "cellbook " + implementationVersion() + " java " + Runtime.version());
    }

    private static String implementationVersion() {
        String v = CellbookKernel.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    private void handleHistory(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest req = message.getContent();
        env.setBusyDeferIdle();
        boolean out = req.includeOutput();
        List<List<Object>> entries = switch (req.getAccessType()) {
            case TAIL -> history.tail(((HistoryRequest.Tail) req).getMaxReturnLength(), out);
            case RANGE -> {
                HistoryRequest.Range r = (HistoryRequest.Range) req;
                yield history.range(r.getSessionIndex(), r.getStart(), r.getStop(), out);
            }
            case SEARCH -> {
                HistoryRequest.Search s = (HistoryRequest.Search) req;
                yield history.search(s.getPattern(), s.getMaxReturnLength(), s.filterUnique(), out);
            }
        };
        env.reply(raw(message, MessageType.HISTORY_REPLY, Map.of("status", "ok", "history", entries)));
    }

    private void handleShutdown(ShellReplyEnvironment env, Message<ShutdownRequest> message) {
        boolean restart = message.getContent().isRestart();
        env.setBusyDeferIdle();
        env.defer().reply(raw(message, MessageType.SHUTDOWN_REPLY, Map.of("status", "ok", "restart", restart)));
        onShutdown(restart);
        env.resolveDeferrals();
        env.markForShutdown();
    }

    private void handleInterrupt(ShellReplyEnvironment env, Message<InterruptRequest> message) {
        env.setBusyDeferIdle();
        interrupt();
        env.reply(raw(message, MessageType.INTERRUPT_REPLY, Map.of("status", "ok")));
    }

    private void handleCommInfo(ShellReplyEnvironment env, Message<CommInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(raw(message, MessageType.COMM_INFO_REPLY, Map.of("status", "ok", "comms", Map.of())));
    }

    /** A reply whose content is exactly the given map (the base message classes lack fields). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Message<?> raw(Message<?> request, MessageType<?> type, Map<String, Object> content) {
        return new Message(request, type, content);
    }

    public void close() {
        session.thenAccept(s -> s.evaluator().close());
    }
}
