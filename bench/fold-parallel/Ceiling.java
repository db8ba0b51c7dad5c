import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.*;

/**
 * The VM's ceiling for 2-worker parallel efficiency: the same fixed work per thread, run by 1 thread
 * and then by 2 threads at once. "cpu" is a pure register loop (no memory traffic); "stream" sums and
 * scales a 64 MiB array per thread (far beyond L2, past L3 together); "l2" walks a 512 KiB array
 * (cache resident). Efficiency = wall(1 thread, 1 unit) / wall(2 threads, 1 unit each).
 *
 * Run: java bench/fold-parallel/Ceiling.java [repeats]
 */
public final class Ceiling {
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    interface Work { double run(); }

    static double cpu() {
        long x = 0x9E3779B97F4A7C15L; double acc = 0;
        for (int i = 0; i < 400_000_000; i++) { x ^= x << 13; x ^= x >>> 7; x ^= x << 17; acc += (x & 1023); }
        return acc;
    }

    static double ilp() {
        long a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8;
        for (int i = 0; i < 150_000_000; i++) {
            a = a * 6364136223846793005L + 1442695040888963407L;
            b = b * 6364136223846793005L + 1442695040888963407L;
            c = c * 6364136223846793005L + 1442695040888963407L;
            d = d * 6364136223846793005L + 1442695040888963407L;
            e = e * 6364136223846793005L + 1442695040888963407L;
            f = f * 6364136223846793005L + 1442695040888963407L;
            g = g * 6364136223846793005L + 1442695040888963407L;
            h = h * 6364136223846793005L + 1442695040888963407L;
        }
        return a ^ b ^ c ^ d ^ e ^ f ^ g ^ h;
    }

    static Work stream(int mib, int passes) {
        double[] a = new double[mib * 1024 * 1024 / 8];
        for (int i = 0; i < a.length; i++) a[i] = i * 1e-9;
        return () -> {
            double s = 0;
            for (int p = 0; p < passes; p++) {
                for (int i = 0; i < a.length; i++) { s += a[i]; a[i] = a[i] * 0.999999 + 1e-12; }
            }
            return s;
        };
    }

    record Timing(double wall, double cpuSum) {}

    static volatile double sink;

    static Timing run(List<Work> works) throws Exception {
        CyclicBarrier start = new CyclicBarrier(works.size());
        ExecutorService ex = Executors.newFixedThreadPool(works.size());
        List<Future<Double>> cpus = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Work w : works) {
            cpus.add(ex.submit(() -> {
                start.await();
                long c0 = MX.getCurrentThreadCpuTime();
                sink += w.run();
                return (MX.getCurrentThreadCpuTime() - c0) / 1e9;
            }));
        }
        double cpu = 0;
        for (Future<Double> f : cpus) cpu += f.get();
        double wall = (System.nanoTime() - t0) / 1e9;
        ex.shutdown();
        return new Timing(wall, cpu);
    }

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        StringBuilder json = new StringBuilder("{\n");
        String[] kinds = {"cpu", "ilp", "l2", "stream"};
        for (int k = 0; k < kinds.length; k++) {
            String kind = kinds[k];
            Work w1, w2a, w2b;
            switch (kind) {
                case "cpu" -> { w1 = Ceiling::cpu; w2a = Ceiling::cpu; w2b = Ceiling::cpu; }
                case "ilp" -> { w1 = Ceiling::ilp; w2a = Ceiling::ilp; w2b = Ceiling::ilp; }
                case "l2" -> { w1 = l2(); w2a = l2(); w2b = l2(); }
                default -> { w1 = stream(64, 12); w2a = stream(64, 12); w2b = stream(64, 12); }
            }
            run(List.of(w1)); run(List.of(w2a, w2b)); // warm-up (JIT)
            double[] e = new double[repeats];
            StringBuilder rows = new StringBuilder();
            for (int r = 0; r < repeats; r++) {
                long s0 = steal();
                Timing one = run(List.of(w1));
                long s1 = steal();
                Timing two = run(List.of(w2a, w2b));
                long s2 = steal();
                e[r] = one.wall() / two.wall();
                rows.append(String.format(Locale.ROOT,
                    "      {\"wall1\": %.3f, \"cpu1\": %.3f, \"wall2\": %.3f, \"cpu2_sum\": %.3f, \"efficiency\": %.3f, \"cpu_ratio\": %.3f, \"steal1_s\": %.2f, \"steal2_s\": %.2f, \"load\": \"%s\"}%s%n",
                    one.wall(), one.cpuSum(), two.wall(), two.cpuSum(), e[r], two.cpuSum() / 2 / one.cpuSum(),
                    (s1 - s0) / 100.0, (s2 - s1) / 100.0, loadavg(), r + 1 < repeats ? "," : ""));
                System.err.printf(Locale.ROOT, "%-6s 1 thread %.3fs (cpu %.3f)  2 threads %.3fs (cpu sum %.3f)  eff %.3f%n",
                    kind, one.wall(), one.cpuSum(), two.wall(), two.cpuSum(), e[r]);
            }
            java.util.Arrays.sort(e);
            json.append(String.format(Locale.ROOT, "  \"%s\": {\"median_efficiency\": %.3f, \"repeats\": [%n%s    ]}%s%n",
                kind, e[repeats / 2], rows, k + 1 < kinds.length ? "," : ""));
        }
        System.out.println(json.append("}"));
    }

    /** Machine-wide steal ticks (USER_HZ = 100) from /proc/stat. */
    static long steal() throws java.io.IOException {
        String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
        return Long.parseLong(f[8]);
    }

    static String loadavg() throws java.io.IOException {
        String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    static Work l2() {
        double[] a = new double[64 * 1024]; // 512 KiB: fits one core's L2
        for (int i = 0; i < a.length; i++) a[i] = i * 1e-9;
        return () -> {
            double s = 0;
            for (int p = 0; p < 3000; p++) for (int i = 0; i < a.length; i++) { s += a[i]; a[i] = a[i] * 0.999999 + 1e-12; }
            return s;
        };
    }
}
