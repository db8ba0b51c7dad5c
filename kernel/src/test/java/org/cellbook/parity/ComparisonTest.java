package org.cellbook.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each comparison on values built here: what passes, what fails, and where the deviation is reported. */
class ComparisonTest {
    private static ParityValue.Numeric matrix(int rows, int cols, double[] v) {
        return new ParityValue.Numeric(new int[] {rows, cols}, v);
    }

    private static ParityValue.Numeric vector(double... v) {
        return new ParityValue.Numeric(new int[] {v.length}, v);
    }

    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-5, 5);
        }
        return v;
    }

    @Test
    void allcloseReportsTheLargestDeviationAndWhereItIs() {
        double[] a = random(12, 1);
        double[] b = a.clone();
        b[7] += 0.5; // row 2, column 1 of a 4 x 3 matrix
        b[2] += 1e-9;
        Comparison.Outcome o = new Allclose(1e-5, 1e-8, false).compare(matrix(4, 3, a), matrix(4, 3, b));
        assertFalse(o.pass());
        assertEquals("[2, 1]", o.where());
        assertEquals(0.5, o.deviation(), 1e-12);
        assertTrue(o.detail().startsWith("1 of 12 values outside tolerance"), o.detail());
    }

    @Test
    void allcloseUsesTheOriginalAsTheRelativeReference() {
        // numpy.allclose(port, original): |port - original| <= atol + rtol * |original|
        Allclose c = new Allclose(0.1, 0, false);
        assertTrue(c.compare(vector(10), vector(11)).pass());
        assertFalse(c.compare(vector(10), vector(11.0001)).pass());
    }

    @Test
    void allcloseChecksShapesFirstButIgnoresAxesOfLengthOne() {
        Allclose c = new Allclose(1e-5, 1e-8, false);
        double[] v = random(6, 2);
        assertTrue(c.compare(new ParityValue.Numeric(new int[] {6}, v), new ParityValue.Numeric(new int[] {6, 1}, v)).pass());
        Comparison.Outcome o = c.compare(matrix(2, 3, v), matrix(3, 2, v));
        assertFalse(o.pass());
        assertTrue(o.detail().contains("shapes differ"), o.detail());
    }

    @Test
    void nanMatchesNanOnlyWhenAsked() {
        ParityValue.Numeric a = vector(1, Double.NaN);
        assertFalse(new Allclose(1e-5, 1e-8, false).compare(a, vector(1, Double.NaN)).pass());
        assertTrue(new Allclose(1e-5, 1e-8, true).compare(a, vector(1, Double.NaN)).pass());
    }

    @Test
    void upToSignFlipsWholeColumnsOnly() {
        double[] a = random(20, 3); // 10 x 2
        double[] flipped = a.clone();
        for (int r = 0; r < 10; r++) {
            flipped[r * 2 + 1] = -flipped[r * 2 + 1];
        }
        AllcloseUpToSign c = new AllcloseUpToSign(new Allclose(1e-6, 1e-9, false));
        assertFalse(new Allclose(1e-6, 1e-9, false).compare(matrix(10, 2, a), matrix(10, 2, flipped)).pass());
        Comparison.Outcome ok = c.compare(matrix(10, 2, a), matrix(10, 2, flipped));
        assertTrue(ok.pass(), ok.detail());
        assertTrue(ok.detail().contains("flipped: 1"), ok.detail());
        // One flipped value inside a column is a real difference, not a sign convention.
        double[] oneValue = a.clone();
        oneValue[4] = -oneValue[4];
        assertFalse(c.compare(matrix(10, 2, a), matrix(10, 2, oneValue)).pass());
    }

    @Test
    void setsAndJaccard() {
        Set<String> a = new HashSet<>(List.of("CD3E", "CD8A", "GZMB", "IFNG", "MS4A1"));
        Set<String> b = new HashSet<>(List.of("CD3E", "CD8A", "GZMB", "IFNG", "NKG7"));
        ParityValue va = new ParityValue.Strings(new ArrayList<>(a).stream().sorted().toList(), true);
        ParityValue vb = new ParityValue.Strings(new ArrayList<>(b).stream().sorted().toList(), true);
        Set<String> inter = new HashSet<>(a);
        inter.retainAll(b);
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        double jaccard = (double) inter.size() / union.size();

        Comparison.Outcome exact = SetComparison.exact().compare(va, vb);
        assertFalse(exact.pass());
        assertEquals("only in original: MS4A1; only in port: NKG7", exact.where());
        assertEquals(1 - jaccard, exact.deviation(), 1e-12);
        assertTrue(new SetComparison(jaccard).compare(va, vb).pass());
        assertFalse(new SetComparison(jaccard + 0.01).compare(va, vb).pass());
        assertTrue(SetComparison.exact().compare(va, va).pass());
    }

    @Test
    void aSetOfNumbersMatchesIntegerLabelsWrittenAsFloats() {
        ParityValue ints = new ParityValue.Strings(List.of("1", "2", "3"), true);
        assertTrue(SetComparison.exact().compare(ints, vector(3.0, 1.0, 2.0)).pass());
    }

    @Test
    void identicalFindsTheFirstDifference() {
        Identical c = new Identical();
        assertTrue(c.compare(vector(1, 2, 3), vector(1, 2, 3)).pass());
        Comparison.Outcome o = c.compare(vector(1, 2, 3, 4), vector(1, 2, 5, 6));
        assertFalse(o.pass());
        assertEquals("[2]", o.where());
        assertEquals(2, o.deviation());
        ParityValue words = new ParityValue.Strings(List.of("a", "b", "c"), false);
        assertFalse(c.compare(words, new ParityValue.Strings(List.of("a", "c", "b"), false)).pass(), "lists keep their order");
        assertTrue(c.compare(new ParityValue.Strings(List.of("a", "b"), true), new ParityValue.Strings(List.of("a", "b"), true)).pass());
        assertFalse(c.compare(new ParityValue.Text("x"), new ParityValue.Text("y")).pass());
        assertFalse(c.compare(words, new ParityValue.Text("a")).pass(), "different kinds never pass");
    }

    @Test
    void metricDeltaIsAnAbsoluteBoundPerElement() {
        MetricDelta c = new MetricDelta(0.02);
        assertTrue(c.compare(vector(0.71, 0.65), vector(0.72, 0.64)).pass());
        Comparison.Outcome o = c.compare(vector(0.71, 0.65), vector(0.72, 0.60));
        assertFalse(o.pass());
        assertEquals("[1]", o.where());
        assertEquals(0.05, o.deviation(), 1e-12);
        assertTrue(c.compare(ParityValue.Numeric.scalar(0.8), ParityValue.Numeric.scalar(0.81)).pass());
    }

    private static ParityValue.Table folds(String[] patients, double[] auc, String[] model) {
        return new ParityValue.Table(List.of(new ParityValue.Column("patient", null, patients),
                new ParityValue.Column("model", null, model), new ParityValue.Column("auc", auc, null)));
    }

    @Test
    void tablesJoinOnKeysInAnyRowOrder() {
        ParityValue.Table a = folds(new String[] {"P1", "P2", "P3"}, new double[] {0.7, 0.8, 0.9}, new String[] {"lr", "lr", "lr"});
        ParityValue.Table b = folds(new String[] {"P3", "P1", "P2"}, new double[] {0.9, 0.7, 0.8}, new String[] {"lr", "lr", "lr"});
        TableComparison byKey = new TableComparison(List.of("patient"), new Allclose(1e-9, 0, false));
        assertTrue(byKey.compare(a, b).pass());
        assertFalse(new TableComparison(List.of(), new Allclose(1e-9, 0, false)).compare(a, b).pass(), "by position the rows differ");

        ParityValue.Table off = folds(new String[] {"P3", "P1", "P2"}, new double[] {0.9, 0.7, 0.85}, new String[] {"lr", "lr", "lr"});
        Comparison.Outcome o = byKey.compare(a, off);
        assertFalse(o.pass());
        assertEquals("column auc, patient=P2", o.where());
        assertEquals(0.05, o.deviation(), 1e-12);
        assertTrue(new TableComparison(List.of("patient"), new MetricDelta(0.06)).compare(a, off).pass());
    }

    @Test
    void tablesReportUnmatchedKeysDuplicatesAndMissingColumns() {
        ParityValue.Table a = folds(new String[] {"P1", "P2"}, new double[] {0.7, 0.8}, new String[] {"lr", "lr"});
        ParityValue.Table b = folds(new String[] {"P1", "P4"}, new double[] {0.7, 0.8}, new String[] {"lr", "lr"});
        TableComparison c = new TableComparison(List.of("patient"), new Allclose(1e-9, 0, false));
        Comparison.Outcome o = c.compare(a, b);
        assertFalse(o.pass());
        assertEquals("keys only in original: P2; only in port: P4", o.where());

        ParityValue.Table dup = folds(new String[] {"P1", "P1"}, new double[] {0.7, 0.8}, new String[] {"lr", "lr"});
        assertTrue(c.compare(a, dup).detail().contains("not unique in the port"));

        ParityValue.Table noAuc = new ParityValue.Table(List.of(new ParityValue.Column("patient", null, new String[] {"P1", "P2"})));
        assertTrue(c.compare(a, noAuc).detail().contains("column 'model' missing from the port"), c.compare(a, noAuc).detail());
        Comparison.Outcome textDiff = c.compare(a, folds(new String[] {"P1", "P2"}, new double[] {0.7, 0.8}, new String[] {"lr", "rf"}));
        assertFalse(textDiff.pass());
        assertEquals("column model, patient=P2", textDiff.where());
    }

    @Test
    void ariIgnoresLabelNames() {
        List<String> a = List.of("0", "0", "1", "1", "2", "2");
        List<String> renamed = List.of("b", "b", "c", "c", "a", "a");
        assertEquals(1.0, AdjustedRand.score(a, renamed), 0);
        Comparison.Outcome o = new AdjustedRand(0.9).compare(new ParityValue.Strings(a, false), vector(5, 5, 1, 1, 0, 0));
        assertTrue(o.pass(), o.detail());
        assertFalse(new AdjustedRand(0.9).compare(new ParityValue.Strings(a, false), vector(0, 1, 0, 1, 0, 1)).pass());
    }

    @Test
    void twoEmptyTablesAgree() {
        ParityValue.Table empty = (ParityValue.Table) ExportFiles.readCsv("feature_set,level,roc_auc\n");
        assertTrue(new TableComparison(List.of("feature_set", "level"), new MetricDelta(0.1)).compare(empty, empty).pass());
        ParityValue.Table one = folds(new String[] {"P1"}, new double[] {0.7}, new String[] {"lr"});
        assertFalse(new TableComparison(List.of("patient"), new MetricDelta(0.1)).compare(one,
                folds(new String[0], new double[0], new String[0])).pass(), "one empty side is a difference");
    }
}
