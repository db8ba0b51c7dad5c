package org.cellbook.core.pp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.junit.jupiter.api.Test;

/** Results must not depend on the number of threads (fixed chunks, ordered reduction). */
class DeterminismTest {
    private static AnnData random() {
        Random r = new Random(3);
        int n = 5000;
        int m = 60;
        CsrMatrix.Builder b = new CsrMatrix.Builder(m);
        int[] cols = new int[m];
        float[] vals = new float[m];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (int j = 0; j < m; j++) {
                if (r.nextDouble() < 0.3) {
                    cols[k] = j;
                    vals[k++] = 1 + r.nextInt(20) * r.nextFloat();
                }
            }
            b.addSortedRow(cols, vals, 0, k);
        }
        List<String> obs = IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
        List<String> var = IntStream.range(0, m).mapToObj(j -> "g" + j).toList();
        return AnnData.builder(b.build(), obs, var).build();
    }

    private static float[] pipeline(AnnData a) {
        AnnData s = Scale.apply(Log1p.apply(NormalizeTotal.apply(a, NormalizeTotal.Params.defaults()), Log1p.Params.defaults()),
                new Scale.Params(true, 10.0));
        AnnData p = Pca.apply(s, Pca.Params.defaults().withNComps(5));
        AnnData t = Pca.apply(Log1p.apply(a, Log1p.Params.defaults()), Pca.Params.defaults().withNComps(5).withZeroCenter(false));
        float[] x = ((DenseMatrix) s.x()).data();
        float[] scores = p.obsm().get("X_pca").data();
        float[] svd = t.obsm().get("X_pca").data();
        float[] out = new float[x.length + scores.length + svd.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(scores, 0, out, x.length, scores.length);
        System.arraycopy(svd, 0, out, x.length + scores.length, svd.length);
        return out;
    }

    @Test
    void sameBitsOnOneOrFourThreads() throws Exception {
        AnnData a = random();
        float[] one = new ForkJoinPool(1).submit(() -> pipeline(a)).get();
        float[] four = new ForkJoinPool(4).submit(() -> pipeline(a)).get();
        assertArrayEquals(one, four);
    }
}
