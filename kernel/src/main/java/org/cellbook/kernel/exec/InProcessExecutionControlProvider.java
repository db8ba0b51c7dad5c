package org.cellbook.kernel.exec;

import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/** Hands JShell our {@link InProcessExecutionControl} and keeps a reference for the evaluator. */
final class InProcessExecutionControlProvider implements ExecutionControlProvider {
    private volatile InProcessExecutionControl control;
    private final Runnable onInvoke;

    InProcessExecutionControlProvider(Runnable onInvoke) {
        this.onInvoke = onInvoke;
    }

    @Override
    public String name() {
        return "cellbook-in-process";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        control = new InProcessExecutionControl();
        control.onInvoke(onInvoke);
        return control;
    }

    InProcessExecutionControl control() {
        return control;
    }
}
