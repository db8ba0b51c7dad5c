package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.env.Project;
import org.cellbook.core.synth.SynthParams;
import org.cellbook.core.synth.SyntheticCohort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CohortLoaderTest {
    @TempDir
    Path dir;

    @Test
    void syntheticCohortLoadsIdenticallyToScanpyPerSample() {
        Path cohortDir = dir.resolve("cohort");
        SyntheticCohort.plan(new SynthParams(2, 120, 300, 5)).write(cohortDir, false, 2, line -> { });
        CohortLoader.Cohort cohort = CohortLoader.load(cohortDir.resolve("samples.csv"));
        AnnData a = cohort.adata();
        List<SampleSheet.Sample> samples = cohort.sheet().samples();
        assertEquals(4, samples.size(), "two patients, two timepoints each");

        // scanpy reads each sample folder on its own; our cohort must hold exactly those cells, in order.
        List<PythonDump.Job> jobs = new ArrayList<>();
        for (SampleSheet.Sample s : samples) {
            jobs.add(new PythonDump.Job("mtx", s.gexPath(), dir.resolve("py-" + s.sampleId()), Map.of()));
        }
        PythonDump.run(jobs);
        int row = 0;
        for (SampleSheet.Sample s : samples) {
            PythonDump py = PythonDump.load(dir.resolve("py-" + s.sampleId()));
            assertEquals(py.varNames(), a.varNames(), "genes of " + s.sampleId());
            int n = py.obsNames().size();
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                assertEquals(s.sampleId() + "_" + py.obsNames().get(i), a.obsNames().get(row + i));
                assertEquals(s.sampleId(), a.obs().stringColumn("sample_id").get(row + i));
                assertEquals(s.patientId(), a.obs().stringColumn("patient_id").get(row + i));
                rows[i] = row + i;
            }
            PythonDump.assertMatrixEquals(py.matrix("X"), a.x().selectRows(rows), "X of " + s.sampleId());
            row += n;
        }
        assertEquals(a.nObs(), row);
        // Labels: every cell of a patient carries the patient's response.
        var labels = a.obs().intColumn("response_label");
        for (int i = 0; i < a.nObs(); i++) {
            String r = a.obs().stringColumn("response").get(i);
            assertEquals(r.equals("responder") ? 1 : 0, labels.getInt(i));
        }
        // TCR merged per sample: a decent share of cells carry a chain; every summary matched contigs.
        long withTcr = a.obs().booleanColumn("has_tcr").countTrue();
        assertTrue(withTcr > a.nObs() / 5, "cells with TCR: " + withTcr + " of " + a.nObs());
        assertEquals(4, cohort.tcrSummaries().size());
        cohort.tcrSummaries().forEach(sum -> assertTrue(sum.matchedBarcodes() > 0, sum.toString()));
    }

    @Test
    void realDjvdjPairLoadsWithTcr() throws Exception {
        Path real = Project.sharedRealData().resolve("djvdj-splen");
        Path sheet = dir.resolve("samples.csv");
        Files.writeString(sheet, String.join("\n",
                "sample_id,patient_id,timepoint,response,gex_path,tcr_path",
                "BL6,m1,pre,R," + real.resolve("BL6_GEX/filtered_feature_bc_matrix") + "," + real.resolve("BL6_TCR/filtered_contig_annotations.csv.gz"),
                "MD4,m2,pre,NR," + real.resolve("MD4_GEX/filtered_feature_bc_matrix") + "," + real.resolve("MD4_TCR/filtered_contig_annotations.csv.gz"),
                ""));
        AnnData a = CohortLoader.load(sheet).adata();
        assertEquals(TenxMtxReader.read(real.resolve("BL6_GEX/filtered_feature_bc_matrix")).nObs()
                + TenxMtxReader.read(real.resolve("MD4_GEX/filtered_feature_bc_matrix")).nObs(), a.nObs());
        assertTrue(a.obsNames().get(0).startsWith("BL6_"));
        assertTrue(a.obs().booleanColumn("has_tcr").countTrue() > 100);
        assertTrue(a.x() instanceof CsrMatrix);
    }

    @Test
    void samplesWithDifferentGenesAreRejectedNamingThem() throws Exception {
        Path real = Project.sharedRealData();
        Path sheet = dir.resolve("mixed.csv");
        Files.writeString(sheet, String.join("\n",
                "sample_id,patient_id,timepoint,response,gex_path",
                "A,p1,pre,R," + real.resolve("djvdj-splen/BL6_GEX/filtered_feature_bc_matrix"),
                "B,p2,pre,NR," + real.resolve("scanpy-10x/3.0.0/filtered_feature_bc_matrix"),
                ""));
        BadInputException e = assertThrows(BadInputException.class, () -> CohortLoader.load(sheet));
        assertTrue(e.getMessage().contains("mixed.csv") && e.getMessage().contains("sample B")
                && e.getMessage().contains("same reference"), e.getMessage());
    }
}
