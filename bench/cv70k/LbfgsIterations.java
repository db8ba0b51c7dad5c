import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.FeatureSetCodec;

/**
 * L-BFGS iterations and seconds of the Java logistic regression (the fit path, sklearn's tolerance)
 * on one outer training part of a reference feature set, to set against sklearn's n_iter_ on the
 * same rows (bench/cv70k/sklearn_iterations.py). Reaches the package-private solver by reflection.
 * Args: setFile.cbfs heldOutPatient C...
 */
public class LbfgsIterations {
    public static void main(String[] args) throws Exception {
        FeatureSet fs = FeatureSetCodec.decode(Files.readAllBytes(Path.of(args[0])));
        String held = args[1];
        int[] train = IntStream.range(0, fs.nRows()).filter(i -> !fs.patients()[i].equals(held)).toArray();
        double[][] x = fs.fitTransform(train, new int[0])[0];
        int[] y = fs.labels(train);
        String pkg = "org.cellbook.core.model.classifiers.";
        Class<?> rowsC = Class.forName(pkg + "Rows");
        Method of = rowsC.getDeclaredMethod("of", double[][].class);
        of.setAccessible(true);
        Object rows = of.invoke(null, (Object) x);
        Class<?> stopC = Class.forName(pkg + "NewtonSolver$Stop");
        Method solve = Class.forName(pkg + "LogisticRegressionL2").getDeclaredMethod("solveLbfgs", rowsC, int[].class,
                double[].class, double.class, int.class, stopC);
        solve.setAccessible(true);
        long n1 = Arrays.stream(y).filter(v -> v == 1).count();
        double[] sw = Arrays.stream(y).mapToDouble(v -> y.length / (2.0 * (v == 1 ? n1 : y.length - n1))).toArray();
        double sumW = Arrays.stream(sw).sum();
        for (int a = 2; a < args.length; a++) {
            double c = Double.parseDouble(args[a]);
            for (int rep = 0; rep < 3; rep++) {
                int[] iters = {0};
                Object stop = Proxy.newProxyInstance(stopC.getClassLoader(), new Class<?>[] {stopC}, (p, m, as) -> {
                    double[] g = (double[]) as[0];
                    iters[0] = (int) as[1];
                    return Arrays.stream(g).map(Math::abs).max().orElse(0) <= 1e-4 * sumW;
                });
                long t0 = System.nanoTime();
                long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                solve.invoke(null, rows, y, sw, c, 100, stop);
                double cpu = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9;
                System.out.printf("{\"set\":\"%s\",\"held_out\":\"%s\",\"n\":%d,\"p\":%d,\"C\":%s,\"rep\":%d,\"iterations\":%d,\"cpu_s\":%.3f,\"wall_s\":%.3f}%n",
                        fs.name(), held, x.length, x[0].length, c, rep, iters[0], cpu, (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
