package org.cellbook.parity;

import java.util.ArrayList;
import java.util.List;

/**
 * allclose after flipping each port column whose dot product with the original's is negative:
 * principal components (and their scores) are defined up to sign, and scanpy's and any other
 * SVD pick signs differently. A 1-D array is one column.
 */
public record AllcloseUpToSign(Allclose allclose) implements Comparison {
    @Override
    public String describe() {
        return allclose.describe().replaceFirst("^allclose", "allclose_up_to_sign");
    }

    @Override
    public Outcome compare(ParityValue original, ParityValue port) {
        if (!(original instanceof ParityValue.Numeric a) || !(port instanceof ParityValue.Numeric b)) {
            return Outcome.mismatch("allclose_up_to_sign needs arrays on both sides, got "
                    + Allclose.kind(original) + " and " + Allclose.kind(port));
        }
        String shape = Comparisons.shapeMismatch(a, b);
        if (shape != null) {
            return Outcome.mismatch(shape);
        }
        int rows = a.shape().length <= 1 ? a.values().length : a.rows();
        int cols = a.values().length / Math.max(rows, 1);
        double[] x = a.values();
        double[] y = b.values().clone();
        List<String> flipped = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            double dot = 0;
            for (int r = 0; r < rows; r++) {
                dot += x[r * cols + c] * y[r * cols + c];
            }
            if (dot < 0) {
                flipped.add(Integer.toString(c));
                for (int r = 0; r < rows; r++) {
                    y[r * cols + c] = -y[r * cols + c];
                }
            }
        }
        String note = "; port columns flipped: " + Comparisons.preview(flipped);
        return allclose.compare(a, new ParityValue.Numeric(a.shape(), y), note);
    }
}
