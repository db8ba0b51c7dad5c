package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cellbook.core.BadInputException;
import org.cellbook.core.io.SampleSheet.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleSheetTest {
    @TempDir
    Path tmp;
    Path cohort;

    static final String HEADER = "sample_id,patient_id,timepoint,response,gex_path,tcr_path";

    @BeforeEach
    void layout() throws IOException {
        cohort = tmp.resolve("cohort");
        for (String s : List.of("P1_pre", "P1_on", "P2_pre")) {
            Files.createDirectories(cohort.resolve(s).resolve("filtered_feature_bc_matrix"));
            Files.writeString(cohort.resolve(s).resolve("filtered_contig_annotations.csv"), "barcode\n");
        }
    }

    private Path sheet(String text) throws IOException {
        Path p = cohort.resolve("samples.csv");
        Files.writeString(p, text);
        return p;
    }

    private static String row(String id, String patient, String tp, String response) {
        return id + "," + patient + "," + tp + "," + response + "," + id + "/filtered_feature_bc_matrix,"
                + id + "/filtered_contig_annotations.csv\n";
    }

    @Test
    void readsSamplesAndResolvesRelativePathsAgainstTheSheetFolder() throws IOException {
        Path other = tmp.resolve("elsewhere.csv");
        Files.writeString(other, "x\n");
        Path p = sheet(HEADER + ",age\n"
                + row("P1_pre", "P1", "pre", "responder").replace("\n", ",61\n")
                + "P1_on,P1,on,R,P1_on/filtered_feature_bc_matrix," + other.toAbsolutePath() + ",61\n"
                + " P2_pre , P2 ,pre,NR,P2_pre/filtered_feature_bc_matrix,,70\n");
        SampleSheet s = SampleSheet.read(p);
        assertEquals(List.of("P1_pre", "P1_on", "P2_pre"), s.sampleIds());
        SampleSheet.Sample first = s.samples().get(0);
        assertEquals(cohort.resolve("P1_pre/filtered_feature_bc_matrix").toAbsolutePath(), first.gexPath());
        assertEquals(cohort.resolve("P1_pre/filtered_contig_annotations.csv").toAbsolutePath(), first.tcrPath());
        assertEquals(Response.RESPONDER, first.response());
        assertEquals(Map.of("age", "61"), first.extra());
        assertEquals(2, first.line());
        assertEquals(other.toAbsolutePath(), s.samples().get(1).tcrPath());
        SampleSheet.Sample p2 = s.samples().get(2);
        assertEquals("P2", p2.patientId(), "values are stripped");
        assertNull(p2.tcrPath(), "empty tcr_path: no TCR data");
        assertEquals(Response.NON_RESPONDER, p2.response());
    }

    @Test
    void tcrColumnIsOptional() throws IOException {
        Path p = sheet("sample_id,patient_id,timepoint,response,gex_path\nP1_pre,P1,pre,,P1_pre\n");
        SampleSheet.Sample s = SampleSheet.read(p).samples().get(0);
        assertEquals(Response.UNLABELLED, s.response());
        assertTrue(s.tcr().isEmpty());
    }

    @Test
    void responseSpellings() {
        for (String r : List.of("responder", "Responder", "R", "1", "yes")) {
            assertEquals(Response.RESPONDER, Response.parse(r), r);
        }
        for (String r : List.of("non-responder", "NonResponder", "non_responder", "NR", "0", "no")) {
            assertEquals(Response.NON_RESPONDER, Response.parse(r), r);
        }
        for (String r : List.of("", "NA", " ")) {
            assertEquals(Response.UNLABELLED, Response.parse(r), r);
        }
        assertNull(Response.parse("partial"));
        assertEquals(Optional.of(1), Response.RESPONDER.label());
        assertEquals(Optional.of(0), Response.NON_RESPONDER.label());
        assertEquals(Optional.empty(), Response.UNLABELLED.label());
    }

    private BadInputException fails(String text) throws IOException {
        Path p = sheet(text);
        BadInputException e = assertThrows(BadInputException.class, () -> SampleSheet.read(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        return e;
    }

    @Test
    void missingColumnsAreListed() throws IOException {
        BadInputException e = fails("sample_id,patient_id,gex_path\nP1_pre,P1,P1_pre\n");
        assertTrue(e.getMessage().contains(":1: missing columns timepoint, response"), e.getMessage());
    }

    @Test
    void duplicateSampleIdIsRejected() throws IOException {
        BadInputException e = fails(HEADER + "\n" + row("P1_pre", "P1", "pre", "R") + row("P1_pre", "P1", "on", "R"));
        assertTrue(e.getMessage().contains(":3: column 'sample_id': sample id 'P1_pre' is already used on line 2"),
                e.getMessage());
    }

    @Test
    void missingGexPathIsRejected() throws IOException {
        BadInputException e = fails(HEADER + "\n" + row("P1_pre", "P1", "pre", "R").replace("P1_pre/filtered_feature",
                "P9/filtered_feature"));
        assertTrue(e.getMessage().contains(":2: column 'gex_path': 'P9/filtered_feature_bc_matrix' does not exist"),
                e.getMessage());
    }

    @Test
    void missingTcrPathIsRejected() throws IOException {
        BadInputException e = fails(HEADER + "\n" + row("P1_pre", "P1", "pre", "R")
                + "P1_on,P1,on,R,P1_on,P1_on/all_contig_annotations.csv\n");
        assertTrue(e.getMessage().contains(":3: column 'tcr_path': 'P1_on/all_contig_annotations.csv' does not exist"),
                e.getMessage());
    }

    @Test
    void emptyRequiredValueIsRejected() throws IOException {
        BadInputException e = fails(HEADER + "\n" + row("P1_pre", "", "pre", "R"));
        assertTrue(e.getMessage().contains(":2: column 'patient_id': empty patient_id"), e.getMessage());
    }

    @Test
    void emptyGexPathIsRejected() throws IOException {
        BadInputException e = fails(HEADER + "\nP1_pre,P1,pre,R,,\n");
        assertTrue(e.getMessage().contains(":2: column 'gex_path': empty gex_path"), e.getMessage());
    }

    @Test
    void unknownResponseIsRejected() throws IOException {
        BadInputException e = fails(HEADER + "\n" + row("P1_pre", "P1", "pre", "partial"));
        assertTrue(e.getMessage().contains(":2: column 'response': 'partial' is not a known response value"),
                e.getMessage());
    }

    @Test
    void conflictingResponseOfOnePatientIsRejected() throws IOException {
        BadInputException e = fails(HEADER + "\n" + row("P1_pre", "P1", "pre", "R") + row("P1_on", "P1", "on", "NR"));
        assertTrue(e.getMessage().contains(":3: column 'response': patient 'P1' is a non-responder here but a "
                + "responder on line 2"), e.getMessage());
    }

    @Test
    void sheetWithoutSamplesIsRejected() throws IOException {
        BadInputException e = fails(HEADER + "\n");
        assertTrue(e.getMessage().contains("no samples"), e.getMessage());
    }
}
