package org.cellbook.core.tcr;

import java.util.List;
import java.util.Map;
import org.cellbook.core.data.DenseMatrix;

/**
 * Eleven sequence-level physicochemical features of a CDR3, computed as Biopython's
 * {@code Bio.SeqUtils.ProtParam.ProteinAnalysis} does (tables in {@link AminoAcidTables}):
 *
 * <ol>
 *   <li>{@code length}: residues.</li>
 *   <li>{@code gravy}: mean Kyte-Doolittle hydropathy ({@code ProteinAnalysis.gravy()}), dimensionless.</li>
 *   <li>{@code charge_ph7}: net charge at pH 7.0 in elementary charges, Henderson-Hasselbalch over the
 *       N/C termini and K, R, H (positive) and D, E, C, Y (negative) with the Bjellqvist pKa set and
 *       the terminal-residue specific pKa of the termini ({@code ProteinAnalysis.charge_at_pH(7.0)}).</li>
 *   <li>{@code aromaticity}: fraction of F, W, Y ({@code ProteinAnalysis.aromaticity()}).</li>
 *   <li>{@code isoelectric_point}: pH units; bisection of the charge curve starting at pH 7.775 in
 *       [4.05, 12] until the interval is below 1e-4, as Biopython's recursive
 *       {@code IsoelectricPoint.pi()}.</li>
 *   <li>{@code molecular_weight}: Da; sum of average free amino-acid masses minus one average water
 *       (18.0153 Da) per peptide bond ({@code ProteinAnalysis.molecular_weight()}).</li>
 *   <li>{@code atchley1..atchley5}: mean over residues of the five Atchley et al. (2005) factors.</li>
 * </ol>
 *
 * A missing sequence is an all-zero row (the encoders add a {@code has_chain} column so zeros
 * are not confused with a real value).
 */
public final class PhysicochemicalFeatures {
    public static final List<String> NAMES = List.of("length", "gravy", "charge_ph7", "aromaticity", "isoelectric_point",
            "molecular_weight", "atchley1", "atchley2", "atchley3", "atchley4", "atchley5");

    private static final String CHARGED = "KRHDECY";

    private PhysicochemicalFeatures() {
    }

    public static DenseMatrix transform(List<String> sequences) {
        int w = NAMES.size();
        float[] out = new float[sequences.size() * w];
        for (int i = 0; i < sequences.size(); i++) {
            String s = sequences.get(i);
            if (s != null) {
                double[] f = of(s);
                for (int j = 0; j < w; j++) {
                    out[i * w + j] = (float) f[j];
                }
            }
        }
        return new DenseMatrix(sequences.size(), w, out);
    }

    /** The features of one cleaned, non-empty sequence, in {@link #NAMES} order (double precision). */
    public static double[] of(String s) {
        AminoAcidTables t = AminoAcidTables.get();
        int n = s.length();
        double kd = 0;
        double mass = 0;
        int aromatic = 0;
        double[] atchley = new double[5];
        for (int i = 0; i < n; i++) {
            int a = Cdr3.ALPHABET.indexOf(s.charAt(i));
            if (a < 0) {
                throw new IllegalArgumentException("not a cleaned CDR3: " + s);
            }
            kd += t.kyteDoolittle[a];
            mass += t.averageMass[a];
            aromatic += t.aromatic[a] ? 1 : 0;
            for (int j = 0; j < 5; j++) {
                atchley[j] += t.atchley[a][j];
            }
        }
        Charge charge = new Charge(s, t);
        double[] f = new double[NAMES.size()];
        f[0] = n;
        f[1] = kd / n;
        f[2] = charge.at(7.0);
        f[3] = (double) aromatic / n;
        f[4] = charge.isoelectricPoint();
        f[5] = mass - (n - 1) * t.water;
        for (int j = 0; j < 5; j++) {
            f[6 + j] = atchley[j] / n;
        }
        return f;
    }

    /** Biopython's IsoelectricPoint: charged-group counts and their pKa for one sequence. */
    private static final class Charge {
        private final double[] posCount;
        private final double[] posPk;
        private final double[] negCount;
        private final double[] negPk;

        Charge(String s, AminoAcidTables t) {
            Map<String, Double> pos = new java.util.LinkedHashMap<>(t.pkPositive);
            Map<String, Double> neg = new java.util.LinkedHashMap<>(t.pkNegative);
            Double nt = t.pkNterminal.get(s.charAt(0));
            if (nt != null) {
                pos.put("Nterm", nt);
            }
            Double ct = t.pkCterminal.get(s.charAt(s.length() - 1));
            if (ct != null) {
                neg.put("Cterm", ct);
            }
            posCount = new double[pos.size()];
            posPk = new double[pos.size()];
            negCount = new double[neg.size()];
            negPk = new double[neg.size()];
            fill(s, pos, posCount, posPk);
            fill(s, neg, negCount, negPk);
        }

        private static void fill(String s, Map<String, Double> pk, double[] count, double[] value) {
            int i = 0;
            for (Map.Entry<String, Double> e : pk.entrySet()) {
                String group = e.getKey();
                count[i] = group.length() > 1 ? 1 : countOf(s, group.charAt(0));
                value[i++] = e.getValue();
            }
        }

        private static int countOf(String s, char c) {
            assert CHARGED.indexOf(c) >= 0;
            int n = 0;
            for (int i = 0; i < s.length(); i++) {
                n += s.charAt(i) == c ? 1 : 0;
            }
            return n;
        }

        double at(double pH) {
            double positive = 0;
            for (int i = 0; i < posPk.length; i++) {
                positive += posCount[i] * (1.0 / (Math.pow(10, pH - posPk[i]) + 1.0));
            }
            double negative = 0;
            for (int i = 0; i < negPk.length; i++) {
                negative += negCount[i] * (1.0 / (Math.pow(10, negPk[i] - pH) + 1.0));
            }
            return positive - negative;
        }

        /** Biopython's recursion written as a loop: evaluate at the midpoint, halve the interval. */
        double isoelectricPoint() {
            double pH = 7.775;
            double lo = 4.05;
            double hi = 12;
            while (true) {
                double c = at(pH);
                if (hi - lo <= 0.0001) {
                    return pH;
                }
                if (c > 0.0) {
                    lo = pH;
                } else {
                    hi = pH;
                }
                pH = (lo + hi) / 2;
            }
        }
    }
}
