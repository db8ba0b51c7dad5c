package org.cellbook.core.model.deep;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;

/** Run by {@link DeepEngineTest} in a fresh JVM: starts the engine and computes one small thing. */
public final class EngineProbe {
    private EngineProbe() {
    }

    public static void main(String[] args) {
        Engine e = DeepEngine.engine();
        try (NDManager m = e.newBaseManager()) {
            float[] r = m.create(new float[] {1, 2, 3}).mul(2).toFloatArray();
            System.out.println(e.getEngineName() + " " + e.getVersion() + " " + Arrays.toString(r));
        }
    }
}
