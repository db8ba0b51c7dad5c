package org.cellbook.core.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cellbook.core.BadInputException;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.ContigReader;
import org.cellbook.core.io.Npy;
import org.cellbook.core.io.SampleSheet;
import org.cellbook.core.tcr.ContigColumns;
import org.cellbook.core.tcr.Contigs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cohort on disk: byte-for-byte determinism, Cell Ranger layout as scanpy and pandas read it, folder safety. */
class CohortWriterTest {
    static final SynthParams PARAMS = new SynthParams(2, 120, 400, 7);

    @TempDir
    static Path shared;
    static Path cohortDir;
    static SyntheticCohort cohort;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeOnce() {
        cohort = SyntheticCohort.plan(PARAMS);
        cohortDir = shared.resolve("cohort");
        cohort.write(cohortDir, false, 2, line -> { });
    }

    /** Relative path to bytes of every file under a folder. */
    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void sameSeedGivesIdenticalBytesWhateverTheThreadCount() throws IOException {
        Path again = tmp.resolve("again");
        SyntheticCohort.plan(PARAMS).write(again, false, 1, line -> { });
        Map<String, byte[]> a = files(cohortDir);
        Map<String, byte[]> b = files(again);
        assertEquals(a.keySet(), b.keySet());
        assertTrue(a.containsKey("P01_pre/filtered_feature_bc_matrix/matrix.mtx.gz"), a.keySet().toString());
        for (String f : a.keySet()) {
            assertArrayEquals(a.get(f), b.get(f), f);
        }
    }

    @Test
    void differentSeedGivesDifferentData() throws IOException {
        Path other = tmp.resolve("other");
        SyntheticCohort.plan(PARAMS.withSeed(8)).write(other, false, 2, line -> { });
        for (String f : List.of("P01_pre/filtered_feature_bc_matrix/matrix.mtx.gz",
                "P01_pre/filtered_feature_bc_matrix/barcodes.tsv.gz", "P02_on/filtered_contig_annotations.csv")) {
            assertFalse(java.util.Arrays.equals(Files.readAllBytes(cohortDir.resolve(f)), Files.readAllBytes(other.resolve(f))), f);
        }
    }

    private static final String SCANPY_CHECK = """
            import json, sys
            import numpy as np
            import scanpy as sc
            root, expected_dir = sys.argv[1], sys.argv[2]
            meta = json.load(open(expected_dir + "/expected.json"))
            for s in meta["samples"]:
                a = sc.read_10x_mtx(root + "/" + s + "/filtered_feature_bc_matrix", var_names="gene_ids")
                x = np.load(expected_dir + "/" + s + ".npy")
                assert a.shape == x.shape, (s, a.shape, x.shape)
                assert list(a.obs_names) == meta["barcodes"][s], s + ": barcodes differ"
                assert list(a.var_names) == meta["gene_ids"], s + ": gene ids differ"
                assert list(a.var["gene_symbols"]) == meta["gene_symbols"], s + ": symbols differ"
                assert set(a.var["feature_types"]) == {"Gene Expression"}
                assert np.array_equal(a.X.toarray(), x), s + ": counts differ"
                b = sc.read_10x_mtx(root + "/" + s + "/filtered_feature_bc_matrix")
                assert list(b.var_names) == meta["gene_symbols"], s + ": symbols as var_names differ"
            print("ok", len(meta["samples"]))
            """;

    @Test
    void scanpyReadsTheMatricesAsGenerated() throws IOException {
        Map<String, Object> meta = new TreeMap<>();
        Map<String, List<String>> barcodes = new TreeMap<>();
        List<String> ids = new ArrayList<>();
        for (SampleInfo info : cohort.samples()) {
            SyntheticSample s = cohort.generate(info.index());
            Npy.writeFloats(tmp.resolve(info.sampleId() + ".npy"), s.counts().toDense().data(),
                    s.counts().nRows(), s.counts().nCols());
            barcodes.put(info.sampleId(), s.barcodes());
            ids.add(info.sampleId());
        }
        meta.put("samples", ids);
        meta.put("barcodes", barcodes);
        meta.put("gene_ids", cohort.geneIds());
        meta.put("gene_symbols", cohort.geneSymbols());
        new ObjectMapper().writeValue(tmp.resolve("expected.json").toFile(), meta);
        PythonEnv.Result r = PythonEnv.project().runScript(SCANPY_CHECK, cohortDir.toString(), tmp.toString())
                .orThrow("scanpy read_10x_mtx check");
        assertEquals("ok " + ids.size(), r.stdout().strip());
    }

    @Test
    void contigFilesReadBackToTheGeneratedContigs() {
        for (SampleInfo info : cohort.samples()) {
            Contigs read = ContigReader.read(cohortDir.resolve(info.sampleId()).resolve("filtered_contig_annotations.csv"));
            assertEquals(ContigColumns.NEW_LAYOUT, read.columns());
            assertEquals(cohort.generate(info.index()).contigs(), read.contigs(), info.sampleId());
        }
    }

    private static final String PANDAS_CHECK = """
            import sys
            import pandas as pd
            bases = "TCAG"
            aas = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
            code = {a + b + c: aas[16 * i + 4 * j + k] for i, a in enumerate(bases) for j, b in enumerate(bases)
                    for k, c in enumerate(bases)}
            expected_columns = sys.argv[2].split(",")
            n = 0
            for f in sys.argv[3:]:
                df = pd.read_csv(sys.argv[1] + "/" + f + "/filtered_contig_annotations.csv")
                assert list(df.columns) == expected_columns, list(df.columns)
                assert df.productive.dtype == bool and df.is_cell.all() and df.high_confidence.all()
                assert df.contig_id.is_unique
                assert set(df.chain) <= {"TRA", "TRB"}
                assert (df.umis >= 1).all() and (df.reads >= df.umis).all()
                for row in df.itertuples():
                    aa = "".join(code[row.cdr3_nt[i:i + 3]] for i in range(0, len(row.cdr3_nt), 3))
                    assert aa == row.cdr3, (row.contig_id, aa, row.cdr3)
                    assert row.contig_id.startswith(row.barcode + "_contig_")
                    if row.productive:
                        assert row.cdr3[0] == "C" and row.cdr3[-1] in "FW" and 10 <= len(row.cdr3) <= 20, row.cdr3
                    else:
                        assert "*" in row.cdr3
                n += len(df)
            print(n)
            """;

    @Test
    void pandasReadsTheContigFilesAsCellRangerFiles() {
        List<String> args = new ArrayList<>(List.of(cohortDir.toString(), String.join(",", ContigColumns.NEW_LAYOUT)));
        long expected = 0;
        for (SampleInfo info : cohort.samples()) {
            args.add(info.sampleId());
            expected += cohort.generate(info.index()).contigs().size();
        }
        PythonEnv.Result r = PythonEnv.project().runScript(PANDAS_CHECK, args.toArray(new String[0]))
                .orThrow("pandas contig check");
        assertEquals(String.valueOf(expected), r.stdout().strip());
    }

    @Test
    void sampleSheetListsEverySampleWithItsFiles() {
        SampleSheet sheet = SampleSheet.read(cohortDir.resolve("samples.csv"));
        assertEquals(cohort.samples().stream().map(SampleInfo::sampleId).toList(), sheet.sampleIds());
        for (int i = 0; i < sheet.samples().size(); i++) {
            SampleSheet.Sample s = sheet.samples().get(i);
            SampleInfo info = cohort.samples().get(i);
            assertEquals(info.patientId(), s.patientId());
            assertEquals(info.timepoint(), s.timepoint());
            assertEquals(info.response(), s.response());
            assertEquals(cohortDir.resolve(info.sampleId()).resolve("filtered_feature_bc_matrix"), s.gexPath());
            assertNotNull(s.tcrPath());
        }
    }

    @Test
    void truthFilesListEveryCellsState() throws IOException {
        SyntheticSample s = cohort.generate(0);
        List<String> lines = Files.readAllLines(cohortDir.resolve("truth").resolve(s.info().sampleId() + ".csv"));
        assertEquals("barcode,cell_state,low_quality,response_programme", lines.get(0));
        assertEquals(s.barcodes().size() + 1, lines.size());
        assertEquals(s.barcodes().get(3) + "," + s.states().get(3).name() + "," + s.lowQuality()[3] + "," + s.programme()[3],
                lines.get(4));
    }

    @Test
    void nonEmptyFolderIsRefusedWithoutForce() throws IOException {
        Path dir = tmp.resolve("busy");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        BadInputException e = assertThrows(BadInputException.class, () -> cohort.write(dir, false, 1, l -> { }));
        assertTrue(e.getMessage().startsWith("parameter '--out': folder " + dir + " is not empty"), e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void forceDoesNotDeleteAFolderThatIsNotACohort() throws IOException {
        Path dir = tmp.resolve("precious");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("thesis.tex"), "years of work");
        BadInputException e = assertThrows(BadInputException.class, () -> cohort.write(dir, true, 1, l -> { }));
        assertTrue(e.getMessage().contains("is not empty and has no synth.json"), e.getMessage());
        assertEquals("years of work", Files.readString(dir.resolve("thesis.tex")));
    }

    @Test
    void forceReplacesAnEarlierCohort() throws IOException {
        Path dir = tmp.resolve("replace");
        SyntheticCohort.plan(PARAMS.withSeed(99)).write(dir, false, 2, l -> { });
        Files.writeString(dir.resolve("stale.txt"), "from before");
        cohort.write(dir, true, 2, l -> { });
        assertFalse(Files.exists(dir.resolve("stale.txt")));
        assertEquals(files(cohortDir).keySet(), files(dir).keySet());
        assertArrayEquals(Files.readAllBytes(cohortDir.resolve("P01_on/filtered_feature_bc_matrix/matrix.mtx.gz")),
                Files.readAllBytes(dir.resolve("P01_on/filtered_feature_bc_matrix/matrix.mtx.gz")));
        assertEquals(List.of("replace"), siblings(dir));
    }

    @Test
    void outputThatIsAFileIsRefused() throws IOException {
        Path file = tmp.resolve("cohort.txt");
        Files.writeString(file, "x");
        BadInputException e = assertThrows(BadInputException.class, () -> cohort.write(file, false, 1, l -> { }));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
    }

    @Test
    void aFailureLeavesNothingBehind() throws IOException {
        Path dir = tmp.resolve("crash").resolve("cohort");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cohort.write(dir, false, 1, line -> {
            throw new IllegalStateException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertFalse(Files.exists(dir));
        assertEquals(List.of(), siblings(dir));
    }

    @Test
    void zeroThreadsIsRefused() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> cohort.write(tmp.resolve("t"), false, 0, l -> { }));
        assertTrue(e.getMessage().startsWith("parameter '--threads'"), e.getMessage());
    }

    /** Names in the folder's parent (to see leftover temporary folders). */
    private static List<String> siblings(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (!Files.exists(parent)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(parent)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
