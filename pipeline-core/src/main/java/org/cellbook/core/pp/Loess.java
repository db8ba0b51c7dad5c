package org.cellbook.core.pp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One-predictor LOESS as Cleveland, Grosse and Shyu's netlib {@code loess} computes it with
 * scikit-misc's defaults (which scanpy's seurat_v3 HVG flavor uses): family gaussian (no
 * robustness iterations), local polynomial of the given degree fitted by least squares over the
 * {@code q = floor(n * span)} nearest points with tricube weights {@code (1 - (d / h)^3)^3},
 * {@code h} = distance to the q-th nearest point (times {@code span} when {@code span > 1}), so the
 * q-th point itself gets weight 0 (routine {@code ehg127}); and {@code surface="interpolate"}:
 *
 * <ol>
 *   <li>a bounding interval 0.5% wider than the data on each side ({@code ehg126});</li>
 *   <li>a k-d tree: a cell with more than {@code floor(n * span * cell)} points is split at its
 *       median point, ties moved so that equal x values stay on one side, and not split when the
 *       median falls on the cell's boundary ({@code ehg124});</li>
 *   <li>the local fit (value and slope) at every cell boundary (vertex, {@code ehg139});</li>
 *   <li>each fitted value is the cubic Hermite interpolant of its cell's two vertices
 *       ({@code ehg128}).</li>
 * </ol>
 *
 * <p>The local least-squares problem is solved from its normal equations in centred, scaled
 * coordinates (netlib uses QR with a pseudo-inverse; both give the same fit unless the
 * neighbourhood is degenerate). {@link #fit} is the one seurat_v3 uses, because scanpy calls
 * skmisc with its default interpolated surface: its fitted values are within 1e-12 of skmisc's
 * on both djvdj samples and synthetic sets (LoessSkmiscParityTest). {@link #fitDirect} evaluates
 * the local fit at every point instead ({@code surface="direct"}): slower, and 0.004-0.04 (in
 * log10 variance) away from skmisc's default on the same sets.
 */
final class Loess {
    /** skmisc's default {@code cell}: leaf cells hold at most n * span * cell points. */
    static final double CELL = 0.2;

    private Loess() {
    }

    /** Fitted values at each x with surface="interpolate" (skmisc's default). */
    static double[] fit(double[] x, double[] y, double span, int degree) {
        Sorted s = Sorted.of(x, y, span, degree);
        int n = s.xs.length;
        double alpha = s.xs[0];
        double beta = s.xs[n - 1];
        double margin = 0.005 * Math.max(beta - alpha, 1e-10 * Math.max(Math.abs(alpha), Math.abs(beta)) + 1e-30);
        Tree tree = Tree.build(s.xs, alpha - margin, beta + margin, (int) Math.floor(n * span * CELL), Math.max(200, n));
        double[][] vertexFit = tree.vertices.stream().parallel()
                .map(v -> localFit(s.xs, s.ys, v, s.q, span, degree)).toArray(double[][]::new);
        double[] fitted = new double[n];
        for (int r = 0; r < n; r++) {
            fitted[s.order[r]] = tree.interpolate(s.xs[r], vertexFit);
        }
        return fitted;
    }

    /** Fitted values at each x with surface="direct": the local fit evaluated at every point. */
    static double[] fitDirect(double[] x, double[] y, double span, int degree) {
        Sorted s = Sorted.of(x, y, span, degree);
        double[] fitted = new double[s.xs.length];
        IntStream.range(0, s.xs.length).parallel()
                .forEach(r -> fitted[s.order[r]] = localFit(s.xs, s.ys, s.xs[r], s.q, span, degree)[0]);
        return fitted;
    }

    /** The data sorted by x, with the permutation back and the neighbourhood size. */
    private record Sorted(double[] xs, double[] ys, int[] order, int q) {
        static Sorted of(double[] x, double[] y, double span, int degree) {
            int n = x.length;
            if (y.length != n) {
                throw new IllegalArgumentException("x has " + n + " values, y " + y.length);
            }
            if (degree < 0 || degree > 2) {
                throw new IllegalArgumentException("degree must be 0, 1 or 2");
            }
            int q = (int) Math.min(n, Math.floor(n * span));
            if (q < degree + 1) {
                throw new IllegalArgumentException("span " + span + " leaves " + q + " points per local fit for " + n
                        + " values; need at least " + (degree + 1));
            }
            int[] order = IntStream.range(0, n).boxed().sorted((a, b) -> Double.compare(x[a], x[b]))
                    .mapToInt(Integer::intValue).toArray();
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int i = 0; i < n; i++) {
                xs[i] = x[order[i]];
                ys[i] = y[order[i]];
            }
            return new Sorted(xs, ys, order, q);
        }
    }

    /** Value and slope at x0 of the local fit over the q nearest points (sorted xs). */
    static double[] localFit(double[] xs, double[] ys, double x0, int q, double span, int degree) {
        int pos = Arrays.binarySearch(xs, x0);
        if (pos < 0) {
            pos = -pos - 1;
        }
        int lo = pos; // window is [lo, hi], initially empty
        int hi = pos - 1;
        double h = 0;
        for (int taken = 0; taken < q; taken++) {
            double dl = lo > 0 ? x0 - xs[lo - 1] : Double.POSITIVE_INFINITY;
            double dr = hi < xs.length - 1 ? xs[hi + 1] - x0 : Double.POSITIVE_INFINITY;
            if (dl <= dr) {
                lo--;
                h = dl;
            } else {
                hi++;
                h = dr;
            }
        }
        h *= Math.max(1, span);
        // Points outside the window are at distance >= h and would get weight 0.
        double[] s = new double[5];
        double[] t = new double[3];
        for (int i = lo; i <= hi; i++) {
            double u = (xs[i] - x0) / h;
            double a = Math.abs(u);
            if (!(a < 1)) {
                continue;
            }
            double c = 1 - a * a * a;
            double w = c * c * c;
            double p = w;
            for (int k = 0; k < 5; k++) {
                s[k] += p;
                if (k < 3) {
                    t[k] += p * ys[i];
                }
                p *= u;
            }
        }
        if (s[0] == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int k = degree + 1;
        double[][] a = new double[k][k];
        double[] b = new double[k];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                a[r][c] = s[r + c];
            }
            b[r] = t[r];
        }
        double[] sol = solve(a, b);
        return new double[] {sol[0], sol.length > 1 ? sol[1] / h : 0};
    }

    /**
     * Weighted least-squares coefficients from the normal equations by Gaussian elimination with
     * partial pivoting; a (near-)singular system drops the highest-degree term, as loess's
     * pseudo-inverse drops the vanishing direction.
     */
    private static double[] solve(double[][] a0, double[] b0) {
        int k = b0.length;
        double[][] a = new double[k][];
        for (int i = 0; i < k; i++) {
            a[i] = a0[i].clone();
        }
        double[] b = b0.clone();
        double scale = 0;
        for (double[] row : a) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int c = 0; c < k; c++) {
            int p = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            if (Math.abs(a[p][c]) <= scale * 1e-12) {
                if (k == 1) {
                    return new double[] {Double.NaN};
                }
                double[][] smaller = new double[k - 1][];
                for (int i = 0; i < k - 1; i++) {
                    smaller[i] = Arrays.copyOf(a0[i], k - 1);
                }
                return Arrays.copyOf(solve(smaller, Arrays.copyOf(b0, k - 1)), k);
            }
            double[] tr = a[c];
            a[c] = a[p];
            a[p] = tr;
            double tb = b[c];
            b[c] = b[p];
            b[p] = tb;
            for (int r = c + 1; r < k; r++) {
                double f = a[r][c] / a[c][c];
                for (int j = c; j < k; j++) {
                    a[r][j] -= f * a[c][j];
                }
                b[r] -= f * b[c];
            }
        }
        double[] sol = new double[k];
        for (int r = k - 1; r >= 0; r--) {
            double v = b[r];
            for (int j = r + 1; j < k; j++) {
                v -= a[r][j] * sol[j];
            }
            sol[r] = v / a[r][r];
        }
        return sol;
    }

    /** The 1-D k-d tree of netlib's ehg124: cells are intervals between vertices. */
    private static final class Tree {
        final List<Double> vertices = new ArrayList<>();
        // Per cell: split value (NaN for a leaf), children, and its two vertex indices.
        final List<double[]> cells = new ArrayList<>(); // {split, loChild, hiChild, vLo, vHi}

        static Tree build(double[] xs, double lower, double upper, int fc, int nvmax) {
            Tree t = new Tree();
            t.vertices.add(lower);
            t.vertices.add(upper);
            t.cells.add(new double[] {Double.NaN, -1, -1, 0, 1});
            // Breadth-first over (cell, first point, last point), 1-based point ranges as in Fortran.
            Deque<int[]> queue = new ArrayDeque<>();
            queue.add(new int[] {0, 1, xs.length});
            while (!queue.isEmpty()) {
                int[] job = queue.poll();
                double[] cell = t.cells.get(job[0]);
                int l = job[1];
                int u = job[2];
                double vlo = t.vertices.get((int) cell[3]);
                double vhi = t.vertices.get((int) cell[4]);
                boolean leaf = u - l + 1 <= fc || vhi - vlo <= 0
                        || t.cells.size() + 2 > nvmax || t.vertices.size() + 1 > nvmax;
                int m = (l + u) / 2;
                if (!leaf) {
                    // All ties go with the high son: move m to the nearest place between distinct values.
                    int offset = 0;
                    while (!(m + offset >= u || m + offset < l)) {
                        if (xs[m + offset - 1] == xs[m + offset]) {
                            offset = -offset;
                            if (offset >= 0) {
                                offset++;
                            }
                        } else {
                            m += offset;
                            break;
                        }
                    }
                    double split = xs[m - 1];
                    leaf = vlo == split || vhi == split;
                }
                if (leaf) {
                    continue;
                }
                double split = xs[m - 1];
                int v = t.vertices.size();
                t.vertices.add(split);
                int loChild = t.cells.size();
                t.cells.add(new double[] {Double.NaN, -1, -1, cell[3], v});
                int hiChild = t.cells.size();
                t.cells.add(new double[] {Double.NaN, -1, -1, v, cell[4]});
                cell[0] = split;
                cell[1] = loChild;
                cell[2] = hiChild;
                queue.add(new int[] {loChild, l, m});
                queue.add(new int[] {hiChild, m + 1, u});
            }
            return t;
        }

        /** Cubic Hermite interpolation inside the leaf holding z. */
        double interpolate(double z, double[][] vertexFit) {
            double[] cell = cells.get(0);
            while (!Double.isNaN(cell[0]) && z != cell[0]) {
                cell = cells.get((int) (z <= cell[0] ? cell[1] : cell[2]));
            }
            if (!Double.isNaN(cell[0])) { // z is a split point: a vertex, where the fit is exact
                return vertexFit[vertexIndex(z)][0];
            }
            int a = (int) cell[3];
            int b = (int) cell[4];
            double v0 = vertices.get(a);
            double v1 = vertices.get(b);
            double width = v1 - v0;
            double hh = (z - v0) / width;
            double phi0 = (1 - hh) * (1 - hh) * (1 + 2 * hh);
            double phi1 = hh * hh * (3 - 2 * hh);
            double psi0 = hh * (1 - hh) * (1 - hh);
            double psi1 = hh * hh * (hh - 1);
            return phi0 * vertexFit[a][0] + phi1 * vertexFit[b][0]
                    + (psi0 * vertexFit[a][1] + psi1 * vertexFit[b][1]) * width;
        }

        private int vertexIndex(double z) {
            for (int i = 0; i < vertices.size(); i++) {
                if (vertices.get(i) == z) {
                    return i;
                }
            }
            throw new IllegalStateException("no vertex at " + z);
        }
    }
}
