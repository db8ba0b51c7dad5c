package org.cellbook.core.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cellbook.core.BadInputException;
import org.cellbook.core.Futures;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.Concat;
import org.cellbook.core.tcr.TcrMerge;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.columns.numbers.IntColumnType;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Loads a whole cohort from a sample sheet: every sample's expression matrix (any format
 * {@link Readers} knows), barcodes prefixed with the sample id ({@code S1_AAACCTG...-1}) so they
 * never collide, per-cell sample annotations, then the TCR contigs merged per cell.
 *
 * <p>Added obs columns: {@code sample_id}, {@code patient_id}, {@code timepoint}, {@code response}
 * (responder, non_responder or unlabelled) and {@code response_label} (1, 0 or missing), plus
 * {@link TcrMerge}'s columns when any sample has a TCR file. Obs columns of the inputs themselves
 * (e.g. from an h5ad) are replaced by these, so samples of any format concatenate. Samples are read in parallel; the
 * result does not depend on the thread count.
 */
public final class CohortLoader {
    private CohortLoader() {
    }

    /** What came out: the cells and what the TCR merge had to say. */
    public record Cohort(AnnData adata, SampleSheet sheet, List<TcrMerge.SourceSummary> tcrSummaries, List<String> warnings) {
    }

    public static Cohort load(Path sampleSheet) {
        return load(SampleSheet.read(sampleSheet), Runtime.getRuntime().availableProcessors());
    }

    public static Cohort load(SampleSheet sheet, int threads) {
        List<SampleSheet.Sample> samples = sheet.samples();
        samples.forEach(s -> { ReadTracker.record(s.gexPath()); ReadTracker.record(s.tcrPath()); });
        if (samples.isEmpty()) {
            throw BadInputException.file(sheet.source(), "has no samples", "add one row per sample");
        }
        List<AnnData> parts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<TcrMerge.Source> sources = new ArrayList<>();
        AnnData all;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, samples.size())));
        try {
            List<Future<AnnData>> futures = new ArrayList<>();
            for (SampleSheet.Sample s : samples) {
                futures.add(pool.submit(() -> annotate(Readers.read(s.gexPath()), s)));
            }
            // Contig files are independent of each other and of the matrices: read them alongside
            // (their errors still come after those of the matrices and of the concatenation).
            List<Future<TcrMerge.Source>> contigs = new ArrayList<>();
            for (SampleSheet.Sample s : samples) {
                s.tcr().ifPresent(p -> contigs.add(pool.submit(
                        () -> TcrMerge.Source.prefixed(s.sampleId(), ContigReader.read(p), prefix(s)))));
            }
            for (int i = 0; i < futures.size(); i++) {
                parts.add(get(futures.get(i)));
                labels.add("sample " + samples.get(i).sampleId());
            }
            try {
                all = Concat.obs(parts, labels);
            } catch (IllegalArgumentException e) {
                throw BadInputException.file(sheet.source(), e.getMessage(), "check the gex_path of those samples");
            }
            parts.clear(); // the samples' matrices are garbage once stacked
            for (Future<TcrMerge.Source> f : contigs) {
                sources.add(get(f));
            }
        } finally {
            pool.shutdownNow();
        }
        if (sources.isEmpty()) {
            return new Cohort(all, sheet, List.of(), List.of());
        }
        TcrMerge.Result merged = TcrMerge.merge(all, sources);
        return new Cohort(merged.adata(), sheet, merged.summaries(), merged.warnings());
    }

    private static String prefix(SampleSheet.Sample s) {
        return s.sampleId() + "_";
    }

    private static <T> T get(Future<T> f) {
        return Futures.join(f, "loading samples");
    }

    private static StringColumn constant(String name, String value, int n) {
        String[] v = new String[n];
        java.util.Arrays.fill(v, value);
        return StringColumn.create(name, v);
    }

    /**
     * One sample's cells with prefixed names and the sample's annotations as obs columns. Built
     * with bulk column constructors and no per-cell calls into the table library: a per-cell loop
     * here gets JIT-compiled (on-stack) with all of the library inlined, which costs more than
     * the loop ever runs.
     */
    private static AnnData annotate(AnnData a, SampleSheet.Sample s) {
        int n = a.nObs();
        String prefix = prefix(s);
        String[] names = new String[n];
        List<String> barcodes = a.obsNames();
        for (int i = 0; i < n; i++) {
            names[i] = prefix.concat(barcodes.get(i));
        }
        String response = switch (s.response()) {
            case RESPONDER -> "responder";
            case NON_RESPONDER -> "non_responder";
            case UNLABELLED -> "unlabelled";
        };
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, s.response().label().orElse(IntColumnType.missingValueIndicator()));
        Table obs = Table.create("obs",
                constant("sample_id", s.sampleId(), n),
                constant("patient_id", s.patientId(), n),
                constant("timepoint", s.timepoint(), n),
                constant("response", response, n),
                IntColumn.create("response_label", labels));
        return AnnData.builder(a.x(), java.util.Arrays.asList(names), a.varNames()).var(a.var()).obs(obs).build();
    }
}
