package org.cellbook.core.pp;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;

/** Scratch timing of normalize_total and log1p on random counts (not a test; bench/pp70k). Args: cells genes nnzPerCell reps. */
public final class NormLogMicro {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int m = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        SplittableRandom r = new SplittableRandom(1);
        long[] p = new long[n + 1];
        int[] idx = new int[n * k];
        float[] val = new float[n * k];
        int at = 0;
        for (int i = 0; i < n; i++) {
            int step = m / k;
            for (int j = 0; j < k; j++) {
                idx[at] = j * step + r.nextInt(step);
                val[at++] = 1 + r.nextInt(r.nextInt(4) == 0 ? 30 : 3);
            }
            p[i + 1] = at;
        }
        CsrMatrix x = CsrMatrix.of(n, m, p, idx, val);
        List<String> obs = java.util.stream.IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
        List<String> var = java.util.stream.IntStream.range(0, m).mapToObj(i -> "g" + i).toList();
        AnnData a = AnnData.builder(x, obs, var).build();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int rep = 0; rep < reps; rep++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            AnnData norm = NormalizeTotal.apply(a, NormalizeTotal.Params.defaults());
            long c1 = os.getProcessCpuTime();
            long t1 = System.nanoTime();
            AnnData log = Log1p.apply(norm, Log1p.Params.defaults());
            long c2 = os.getProcessCpuTime();
            long t2 = System.nanoTime();
            System.out.printf("rep %d normalize_total wall %.3f cpu %.3f | log1p wall %.3f cpu %.3f | load %s%n", rep,
                    (t1 - t0) / 1e9, (c1 - c0) / 1e9, (t2 - t1) / 1e9, (c2 - c1) / 1e9, os.getSystemLoadAverage());
            if (log.nObs() < 0) {
                System.out.println();
            }
        }
    }
}
