package org.cellbook.core.tl;

import java.util.SplittableRandom;

/**
 * The edges of a UMAP layout with their sampling schedule, and umap-learn's SGD step over a range
 * of them ({@code optimize_layout_euclidean}'s inner loop, {@code move_other=True}). The edges are
 * in the graph's row order, so the edges of a range of head vertices are a range of edges.
 *
 * <p>{@link #run} updates the heads of the range in place and reads and moves vertices inside
 * [vFrom, vTo) in {@code y} as it goes; vertices outside it are read from {@code frozen} and their
 * moves (as tails) handed to {@code outside}. With the whole vertex range this is umap-learn's
 * sequential loop ({@link Umap.Schedule#SEQUENTIAL}); the parallel schedule has its own kernel,
 * {@link UmapBlockSgd}.
 *
 * <p>Speed: the SGD is bound by latency, not arithmetic: each negative sample's move feeds the next
 * sample's distance, so a sample costs its whole dependent chain. The chain is kept short without
 * changing the computation: powers by {@link FastPow} (a few ulps of {@code Math.pow}, ~30% less
 * latency), one power per positive sample (d^b = d^(b-1) d), the head's coordinates in registers,
 * the learning rate folded into numerator and clip bound, and each negative sample's power taken
 * from the previous position by a short series while that power is computed off the chain. These
 * differ from the straightforward formulas by a few double ulps, far below the float32 layout's
 * resolution.
 */
final class UmapSgd {
    /** Receives the move of a tail outside the range: its y must later be decreased by (dx, dy). */
    interface OutsideMoves {
        void add(int vertex, float dx, float dy);
    }

    final int n;
    final int[] head;
    final int[] tail;
    final double[] epochsPerSample;
    private final double[] perNegative;
    private final double[] nextSample;
    private final double[] nextNegative;
    private final double a;
    private final double b;
    private final double twoAB;
    private final double twoB;
    private final double bMinus1;
    private final FastPow.NearOne ratio;

    UmapSgd(int n, int[] head, int[] tail, double[] epochsPerSample, int negativeSampleRate, double a, double b) {
        this.n = n;
        this.head = head;
        this.tail = tail;
        this.epochsPerSample = epochsPerSample;
        int count = head.length;
        nextSample = epochsPerSample.clone();
        perNegative = new double[count];
        nextNegative = new double[count];
        for (int i = 0; i < count; i++) {
            perNegative[i] = epochsPerSample[i] / negativeSampleRate;
            nextNegative[i] = perNegative[i];
        }
        this.a = a;
        this.b = b;
        twoAB = 2.0 * a * b;
        twoB = 2.0 * b;
        bMinus1 = b - 1.0;
        ratio = new FastPow.NearOne(b);
    }

    int edges() {
        return head.length;
    }

    /**
     * One epoch's pass over edges [eFrom, eTo), whose heads lie in [vFrom, vTo). Negative samples
     * are drawn from {@code rng} in edge order.
     */
    void run(int epoch, int nEpochs, int eFrom, int eTo, int vFrom, int vTo, float[] y, float[] frozen,
            SplittableRandom rng, OutsideMoves outside) {
        final double a = this.a;
        final double b = this.b;
        final int n = this.n;
        double alpha = 1.0 - (double) epoch / nEpochs;
        double twoBAlpha = twoB * alpha;
        double clipBound = 4.0 * alpha; // clip(g, 4) alpha = clip(g alpha, 4 alpha): alpha > 0
        for (int i = eFrom; i < eTo; i++) {
            if (nextSample[i] > epoch) {
                continue;
            }
            int j2 = 2 * head[i];
            int k = tail[i];
            int k2 = 2 * k;
            boolean kInside = k >= vFrom && k < vTo;
            float[] yk = kInside ? y : frozen;
            // The head's coordinates stay in registers through its negative samples: each
            // sample's update feeds the next one's distance, so that chain sets the speed.
            float yj0 = y[j2];
            float yj1 = y[j2 + 1];
            double dx = yj0 - yk[k2];
            double dy = yj1 - yk[k2 + 1];
            double d2 = dx * dx + dy * dy;
            float sx = 0;
            float sy = 0;
            if (d2 > 0) {
                // -2ab d2^(b-1) / (a d2^b + 1) times the offset, clipped to ±4, times alpha; alpha
                // folded into numerator and bound to keep the dependent chain short.
                double pbm1 = FastPow.pow(d2, bMinus1); // d2^b = d2^(b-1) d2: one power, not two
                double den = a * (pbm1 * d2) + 1.0;
                double num = -twoAB * alpha * pbm1;
                sx = (float) clip(num * dx / den, clipBound);
                sy = (float) clip(num * dy / den, clipBound);
            }
            yj0 += sx;
            yj1 += sy;
            if (kInside) {
                y[k2] -= sx;
                y[k2 + 1] -= sy;
            } else {
                outside.add(k, sx, sy);
            }
            nextSample[i] += epochsPerSample[i];
            int nNeg = (int) ((epoch - nextNegative[i]) / perNegative[i]);
            // Each negative sample's power also comes from the previous sample's position: x^b =
            // x0^b (x/x0)^b, with x0^b computed off the dependent chain (while the previous sample
            // is being applied) and (x/x0)^b by a short series, as the head moves little per sample.
            int r = nNeg > 0 ? rng.nextInt(n) : 0;
            double specQ2 = 0;
            double specPow = 0;
            double specInv = Double.NaN; // no guess for the first sample: the full power
            for (int s = 0; s < nNeg; s++) {
                int next = 0;
                double nextQ2 = 0;
                double nextPow = 0;
                double nextInv = Double.NaN;
                if (s + 1 < nNeg) {
                    next = rng.nextInt(n);
                    float[] yn = next >= vFrom && next < vTo ? y : frozen;
                    double fx = yj0 - yn[2 * next];
                    double fy = yj1 - yn[2 * next + 1];
                    nextQ2 = fx * fx + fy * fy;
                    if (nextQ2 > 0) {
                        nextPow = FastPow.pow(nextQ2, b);
                        nextInv = 1.0 / nextQ2;
                    }
                }
                int r2 = 2 * r;
                if (r2 != j2) { // else zero distance: no move (the head's own slot in y is stale here)
                    float[] yr = r >= vFrom && r < vTo ? y : frozen;
                    double ex = yj0 - yr[r2];
                    double ey = yj1 - yr[r2 + 1];
                    double q2 = ex * ex + ey * ey;
                    if (q2 > 0) {
                        double eps = (q2 - specQ2) * specInv;
                        double pow = Math.abs(eps) <= ratio.maxEps() ? specPow * ratio.of(eps) : FastPow.pow(q2, b);
                        double den = (0.001 + q2) * (a * pow + 1);
                        yj0 += (float) clip(twoBAlpha * ex / den, clipBound);
                        yj1 += (float) clip(twoBAlpha * ey / den, clipBound);
                    }
                }
                r = next;
                specQ2 = nextQ2;
                specPow = nextPow;
                specInv = nextInv;
            }
            y[j2] = yj0;
            y[j2 + 1] = yj1;
            nextNegative[i] += nNeg * perNegative[i];
        }
    }

    /** umap-learn's gradient clip (at ±4), scaled by the learning rate: {@code bound} = 4 alpha. */
    private static double clip(double v, double bound) {
        return v > bound ? bound : v < -bound ? -bound : v;
    }
}
