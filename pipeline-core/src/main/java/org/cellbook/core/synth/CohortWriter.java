package org.cellbook.core.synth;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.cellbook.core.BadInputException;
import org.cellbook.core.io.ContigWriter;
import org.cellbook.core.io.SampleSheet.Response;

/**
 * Writes a synthetic cohort to a folder:
 * <pre>
 * DIR/samples.csv                                   sample sheet (see SampleSheet)
 * DIR/synth.json                                    parameters, signal definition, per-sample counts
 * DIR/&lt;sample_id&gt;/filtered_feature_bc_matrix/       matrix.mtx.gz, features.tsv.gz, barcodes.tsv.gz
 * DIR/&lt;sample_id&gt;/filtered_contig_annotations.csv  Cell Ranger 4+ columns
 * DIR/truth/&lt;sample_id&gt;.csv                         barcode, cell_state, low_quality, response_programme (the answer key)
 * </pre>
 * Everything is written into a hidden sibling folder and renamed to DIR at the end, so DIR is
 * either absent or complete. An existing non-empty DIR is replaced only with {@code force} and
 * only when it holds a {@code synth.json} (a folder this command wrote); anything else is left
 * alone. Samples are generated on {@code threads} threads; the bytes do not depend on it.
 */
public final class CohortWriter {
    public static final String MARKER = "synth.json";

    /** What was written; {@code bytes} is the size of all files. */
    public record Summary(Path dir, int samples, long cells, long nonZeros, long contigs, long bytes) {
    }

    private record SampleStats(SampleInfo info, int cells, long nonZeros, int contigs) {
    }

    private final SyntheticCohort cohort;

    CohortWriter(SyntheticCohort cohort) {
        this.cohort = cohort;
    }

    Summary write(Path dir, boolean force, int threads, Consumer<String> progress) {
        if (threads < 1) {
            throw BadInputException.parameter("--threads", "must be at least 1, got " + threads, "");
        }
        Path target = dir.toAbsolutePath().normalize();
        checkTarget(target, force);
        Path parent = target.getParent();
        Path tmp = parent.resolve("." + target.getFileName() + ".partial-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime());
        try {
            Files.createDirectories(parent);
            Files.createDirectory(tmp);
            List<SampleStats> stats = writeSamples(tmp, threads, progress);
            writeSheet(tmp.resolve("samples.csv"));
            writeManifest(tmp.resolve(MARKER), stats);
            replace(target, tmp);
            long cells = stats.stream().mapToLong(SampleStats::cells).sum();
            long nnz = stats.stream().mapToLong(SampleStats::nonZeros).sum();
            long contigs = stats.stream().mapToLong(SampleStats::contigs).sum();
            return new Summary(target, stats.size(), cells, nnz, contigs, size(target));
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("writing the cohort to " + target + " failed: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void checkTarget(Path target, boolean force) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw BadInputException.parameter("--out", target + " is a file", "give a folder path for the cohort");
        }
        if (isEmpty(target)) {
            return;
        }
        if (!force) {
            throw BadInputException.parameter("--out", "folder " + target + " is not empty",
                    "choose a new folder, or pass --force to replace a cohort written earlier");
        }
        if (!Files.isRegularFile(target.resolve(MARKER))) {
            throw BadInputException.parameter("--out", "folder " + target + " is not empty and has no " + MARKER
                            + ", so it is not a cohort written by cellbook synth",
                    "not deleting it even with --force; remove it yourself or choose another folder");
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<SampleStats> writeSamples(Path root, int threads, Consumer<String> progress) throws IOException {
        List<SampleInfo> samples = cohort.samples();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, samples.size()), r -> {
            Thread t = new Thread(r, "synth-sample");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SampleStats>> futures = new ArrayList<>();
            for (SampleInfo s : samples) {
                futures.add(pool.submit(() -> writeSample(root, s, progress)));
            }
            List<SampleStats> out = new ArrayList<>();
            for (Future<SampleStats> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating samples", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            // Stop the other samples and wait for them, so nothing writes into the folder once it is deleted.
            pool.shutdownNow();
            awaitQuietly(pool);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private SampleStats writeSample(Path root, SampleInfo info, Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        SyntheticSample s = cohort.generate(info.index());
        Path dir = root.resolve(info.sampleId());
        TenxMatrixWriter.write(dir.resolve("filtered_feature_bc_matrix"), s.barcodes(), cohort.geneIds(),
                cohort.geneSymbols(), s.counts());
        ContigWriter.write(dir.resolve("filtered_contig_annotations.csv"), s.contigs());
        Path truth = root.resolve("truth");
        Files.createDirectories(truth);
        try (Writer w = Files.newBufferedWriter(truth.resolve(info.sampleId() + ".csv"), StandardCharsets.UTF_8)) {
            w.write("barcode,cell_state,low_quality,response_programme\n");
            for (int i = 0; i < s.barcodes().size(); i++) {
                w.write(s.barcodes().get(i) + "," + s.states().get(i).name() + "," + s.lowQuality()[i] + "," + s.programme()[i] + "\n");
            }
        }
        SampleStats stats = new SampleStats(info, s.barcodes().size(), s.counts().nnz(), s.contigs().size());
        progress.accept(String.format(Locale.ROOT, "synth: %s  %,d cells  %,d non-zeros  %,d contigs  (%.1f s)",
                info.sampleId(), stats.cells(), stats.nonZeros(), stats.contigs(), (System.nanoTime() - start) / 1e9));
        return stats;
    }

    private void writeSheet(Path path) throws IOException {
        StringBuilder b = new StringBuilder("sample_id,patient_id,timepoint,response,gex_path,tcr_path\n");
        for (SampleInfo s : cohort.samples()) {
            b.append(s.sampleId()).append(',').append(s.patientId()).append(',').append(s.timepoint()).append(',')
                    .append(s.response() == Response.RESPONDER ? "responder" : "non-responder").append(',')
                    .append(s.sampleId()).append("/filtered_feature_bc_matrix,")
                    .append(s.sampleId()).append("/filtered_contig_annotations.csv\n");
        }
        Files.writeString(path, b.toString(), StandardCharsets.UTF_8);
    }

    private void writeManifest(Path path, List<SampleStats> stats) throws IOException {
        SynthParams p = cohort.params();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator", "cellbook synth");
        m.put("format_version", 1);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("patients", p.patients());
        params.put("cells_per_sample", p.cellsPerSample());
        params.put("genes", p.genes());
        params.put("seed", p.seed());
        m.put("params", params);
        Map<String, Object> signal = new LinkedHashMap<>();
        signal.put("responders", "patients 1, 3, 5, ... (P01, P03, ...)");
        signal.put("state", SyntheticCohort.RESPONSE_STATE.name());
        signal.put("state_fold_responders", SyntheticCohort.RESPONSE_FOLD);
        signal.put("state_fold_on_treatment_responders", SyntheticCohort.ON_TREATMENT_FOLD);
        signal.put("programme_genes", CellState.RESPONSE_PROGRAMME);
        signal.put("programme_rate_responders", SyntheticCohort.PROGRAMME_RATE_RESPONDER);
        signal.put("programme_rate_non_responders", SyntheticCohort.PROGRAMME_RATE_NON_RESPONDER);
        signal.put("programme_cells", "any cell, drawn independently of its state (an inflamed sample's interferon-gamma response)");
        signal.put("trb_cdr3_motif", SyntheticCohort.RESPONSE_MOTIF);
        signal.put("motif_rate_expanded_cd8_responders", Repertoire.RESPONDER_MOTIF_RATE);
        signal.put("motif_rate_expanded_cd8_non_responders", Repertoire.OTHER_MOTIF_RATE);
        signal.put("motif_rate_other_clones", Repertoire.FRESH_MOTIF_RATE);
        m.put("signal", signal);
        List<Map<String, Object>> samples = new ArrayList<>();
        for (SampleStats s : stats) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("sample_id", s.info().sampleId());
            e.put("patient_id", s.info().patientId());
            e.put("timepoint", s.info().timepoint());
            e.put("response", s.info().response() == Response.RESPONDER ? "responder" : "non-responder");
            e.put("cells", s.cells());
            e.put("non_zeros", s.nonZeros());
            e.put("contigs", s.contigs());
            samples.add(e);
        }
        m.put("samples", samples);
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        String json = new ObjectMapper().writer(pp).writeValueAsString(m) + "\n";
        Files.writeString(path, json, StandardCharsets.UTF_8);
    }

    /** Puts the finished folder in place; an old cohort is moved aside first and deleted after. */
    private static void replace(Path target, Path tmp) throws IOException {
        if (Files.exists(target)) {
            Path old = tmp.resolveSibling(tmp.getFileName() + "-old");
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            deleteQuietly(old);
        } else {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // Best effort: a leftover hidden .partial folder is harmless.
        }
    }
}
