package org.cellbook.core.model.deep;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * Run by {@link DeepEngineTest} in a fresh JVM: starts the engine, computes one small thing, and
 * prints the fingerprint of a small seeded fit's probabilities (to compare across processes).
 */
public final class EngineProbe {
    private EngineProbe() {
    }

    public static void main(String[] args) {
        Engine e = DeepEngine.engine();
        try (NDManager m = e.newBaseManager()) {
            float[] r = m.create(new float[] {1, 2, 3}).mul(2).toFloatArray();
            System.out.println(e.getEngineName() + " " + e.getVersion() + " " + Arrays.toString(r));
        }
        System.out.println("fingerprint " + fingerprint());
    }

    /** SHA-256 of the probability bits of a seeded two-epoch Transformer fit (dropout on). */
    static String fingerprint() {
        SyntheticCdr3 data = SyntheticCdr3.sequences(200, 8, 10, 4, 3);
        try (FittedDeepClassifier f = new DeepClassifier(new TransformerNetwork()).fit(data.training(),
                Map.of("max_epochs", 2, "batch_size", 32, "dropout", 0.3), 42)) {
            double[] p = f.predictProba(data.x());
            ByteBuffer b = ByteBuffer.allocate(8 * p.length);
            for (double v : p) {
                b.putLong(Double.doubleToRawLongBits(v));
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
