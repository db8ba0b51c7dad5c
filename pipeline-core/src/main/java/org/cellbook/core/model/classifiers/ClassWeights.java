package org.cellbook.core.model.classifiers;

import org.cellbook.core.BadInputException;

/** The {@code class_weight} parameter shared by the families that take it: null or sklearn's "balanced". */
final class ClassWeights {
    private ClassWeights() {
    }

    /**
     * sklearn's {@code compute_class_weight("balanced")} for classes 0 and 1, {@code n / (2 n_c)}
     * (infinite for an absent class), or null when {@code classWeight} is null.
     */
    static double[] parse(String family, Object classWeight, int[] y) {
        if (classWeight == null) {
            return null;
        }
        if (!"balanced".equals(classWeight)) {
            throw BadInputException.parameter(family + ".class_weight", "got " + classWeight, "use null or \"balanced\"");
        }
        long pos = java.util.Arrays.stream(y).filter(v -> v == 1).count();
        return new double[] {y.length / (2.0 * (y.length - pos)), y.length / (2.0 * pos)};
    }

    /** Each sample's weight: the weight of its class. */
    static double[] perSample(double[] classWeights, int[] y) {
        double[] w = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            w[i] = classWeights[y[i]];
        }
        return w;
    }
}
