package org.cellbook.core.model.deep;

/** Copies rows of a row-major float matrix into a new batch buffer. */
final class Batches {
    private Batches() {
    }

    /** Rows {@code rows[start .. start+b)} (or rows {@code start .. start+b} when {@code rows} is null). */
    static float[] gather(float[] x, int width, int[] rows, int start, int b) {
        float[] out = new float[b * width];
        for (int i = 0; i < b; i++) {
            int r = rows == null ? start + i : rows[start + i];
            System.arraycopy(x, r * width, out, i * width, width);
        }
        return out;
    }

    static float[] labels(int[] y, int[] rows, int start, int b) {
        float[] out = new float[b];
        for (int i = 0; i < b; i++) {
            out[i] = y[rows[start + i]];
        }
        return out;
    }

    static float[] weights(int[] y, int[] rows, int start, int b, float[] classWeight) {
        float[] out = new float[b];
        for (int i = 0; i < b; i++) {
            out[i] = classWeight[y[rows[start + i]]];
        }
        return out;
    }

    /** Row-major float copy of {@code x} (features arrive as double; the networks compute in float32). */
    static float[] flatten(double[][] x, int width, String family) {
        float[] out = new float[x.length * width];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != width) {
                throw new IllegalArgumentException(family + ": row " + i + " has " + x[i].length + " features, expected " + width);
            }
            for (int j = 0; j < width; j++) {
                out[i * width + j] = (float) x[i][j];
            }
        }
        return out;
    }
}
