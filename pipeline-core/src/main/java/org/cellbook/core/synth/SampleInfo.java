package org.cellbook.core.synth;

import org.cellbook.core.io.SampleSheet.Response;

/**
 * A sample of the synthetic cohort: patient {@code P01} has samples {@code P01_pre} and
 * {@code P01_on} (before and on treatment).
 *
 * @param index position in the cohort (0-based; the sample's random stream depends on it)
 */
public record SampleInfo(int index, String sampleId, String patientId, int patientIndex, String timepoint,
                         Response response) {
    public boolean onTreatment() {
        return timepoint.equals(SyntheticCohort.ON);
    }
}
