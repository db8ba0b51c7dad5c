package org.cellbook.core.model.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cell predictions aggregated per patient: the patient's probability is the mean of its cells'
 * probabilities, its label the majority of its cells' labels (a tie counts as positive; response
 * is normally constant within a patient). Patients appear in first-seen order.
 */
public record PatientLevel(List<String> patients, int[] labels, double[] proba) {
    public static PatientLevel aggregate(String[] patientOfCell, int[] yTrue, double[] proba) {
        BinaryMetrics.checkSameLength(yTrue.length, proba.length);
        Map<String, double[]> acc = new LinkedHashMap<>(); // sum p, sum y, count
        for (int i = 0; i < yTrue.length; i++) {
            double[] a = acc.computeIfAbsent(patientOfCell[i], k -> new double[3]);
            a[0] += proba[i];
            a[1] += yTrue[i];
            a[2] += 1;
        }
        List<String> names = new ArrayList<>(acc.keySet());
        int[] labels = new int[names.size()];
        double[] p = new double[names.size()];
        for (int k = 0; k < names.size(); k++) {
            double[] a = acc.get(names.get(k));
            p[k] = a[0] / a[2];
            labels[k] = 2 * a[1] >= a[2] ? 1 : 0;
        }
        return new PatientLevel(List.copyOf(names), labels, p);
    }

    public MetricSet evaluate() {
        return BinaryMetrics.evaluate(labels, proba);
    }
}
