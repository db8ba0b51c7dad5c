import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Does a fold task's working set fit the shared last-level cache? Each thread repeatedly streams
 * its own double[] of S MiB the way the logistic-regression gradient pass does (a dot product and
 * an axpy per 50-double row), first alone, then with a second thread doing the same on its own
 * array. Per size: CPU nanoseconds per streamed MiB with 1 and 2 threads and their ratio (1.0 = the
 * second thread costs the first nothing; above 1 = they evict each other or share the bandwidth).
 * The reference logreg fit streams 15-23 MiB per pass (38,000-57,000 rows x 50 doubles); the demo's
 * 2 MiB. Args: sizes in MiB... Prints one JSON line.
 */
public class CacheFit {
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    static volatile double sink;

    public static void main(String[] args) throws Exception {
        StringBuilder out = new StringBuilder("{\"load_before\":\"" + load() + "\",\"sizes\":[");
        for (int a = 0; a < args.length; a++) {
            int mib = Integer.parseInt(args[a]);
            double target = 2048; // MiB streamed per thread per measurement
            int passes = (int) Math.max(1, target / mib);
            double one = 0;
            double two = 0;
            int reps = 3;
            for (int r = 0; r < reps; r++) {
                one += run(1, mib, passes);
                two += run(2, mib, passes);
            }
            one /= reps;
            two /= reps;
            out.append(a == 0 ? "" : ",").append(String.format(
                    "{\"mib_per_thread\":%d,\"cpu_ns_per_mib_1\":%.0f,\"cpu_ns_per_mib_2\":%.0f,\"ratio\":%.3f}",
                    mib, one, two, two / one));
        }
        out.append("],\"load_after\":\"").append(load()).append("\"}");
        System.out.println(out);
    }

    /** Mean over threads of CPU ns per MiB streamed. */
    static double run(int threads, int mib, int passes) throws Exception {
        double[] perThread = new double[threads];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                int p = 50;
                int n = mib * 1048576 / 8 / p;
                double[] d = new double[n * p];
                for (int i = 0; i < d.length; i++) {
                    d[i] = (i % 97) * 1e-3;
                }
                double[] w = new double[p];
                double[] g = new double[p];
                java.util.Arrays.fill(w, 0.01);
                pass(d, w, g, n, p); // touch once
                long c0 = MX.getCurrentThreadCpuTime();
                for (int k = 0; k < passes; k++) {
                    pass(d, w, g, n, p);
                }
                perThread[id] = (MX.getCurrentThreadCpuTime() - c0) / ((double) passes * mib);
                sink += g[0];
            });
        }
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return java.util.Arrays.stream(perThread).average().orElse(0);
    }

    static void pass(double[] d, double[] w, double[] g, int n, int p) {
        for (int i = 0; i < n; i++) {
            int base = i * p;
            double z = 0;
            for (int j = 0; j < p; j++) {
                z += w[j] * d[base + j];
            }
            double r = 1e-9 * z;
            for (int j = 0; j < p; j++) {
                g[j] += r * d[base + j];
            }
        }
    }

    static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
