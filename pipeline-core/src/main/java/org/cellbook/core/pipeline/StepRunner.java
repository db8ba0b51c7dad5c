package org.cellbook.core.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.cellbook.cache.CacheKey;
import org.cellbook.cache.CacheStore;
import org.cellbook.cache.Codec;
import org.cellbook.cache.ContentDigest;
import org.cellbook.cache.Section;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.DataCodecs;
import org.cellbook.core.provenance.RunManifest;

/**
 * Runs pipeline steps through the cache: each step's key is (step name, code version, its
 * parameters, the keys of its inputs and the content of any files it reads), so a re-run
 * recomputes exactly the steps whose inputs changed and everything downstream of them. Records
 * each step's time and whether it was a hit, for the run manifest and the end-of-run summary.
 * With {@link CacheStore#disabled()} every step computes (the {@code --no-cache} switch).
 *
 * <p>Thread-safe: steps may run concurrently (the store computes each key once).
 */
public final class StepRunner {
    private final CacheStore store;
    private final Consumer<String> log;
    private final List<RunManifest.StepRecord> records = new ArrayList<>();

    public StepRunner(CacheStore store, Consumer<String> log) {
        this.store = store;
        this.log = log;
    }

    public CacheStore store() {
        return store;
    }

    /** What a step is, for its key. */
    public record Step(String name, Section section, String codeVersion, Map<String, Object> params,
                       List<CacheKey> inputs, List<Path> files) {
        public static Step of(String name, Section section, String codeVersion) {
            return new Step(name, section, codeVersion, Map.of(), List.of(), List.of());
        }

        public Step params(Map<String, Object> p) {
            return new Step(name, section, codeVersion, p, inputs, files);
        }

        public Step inputs(CacheKey... keys) {
            List<CacheKey> all = new ArrayList<>(inputs);
            all.addAll(List.of(keys));
            return new Step(name, section, codeVersion, params, all, files);
        }

        /**
         * An input named by its content (the SHA-256 of {@code value} through {@code codec}) rather
         * than by the key of the step that made it: the step is reused when an upstream change
         * leaves that value as it was (early cutoff).
         */
        public <T> Step content(String input, Codec<T> codec, T value) {
            Map<String, Object> p = new LinkedHashMap<>(params);
            p.put(input + "_sha256", ContentDigest.sha256(codec, value));
            return new Step(name, section, codeVersion, p, inputs, files);
        }

        public Step files(List<Path> paths) {
            List<Path> all = new ArrayList<>(files);
            all.addAll(paths);
            return new Step(name, section, codeVersion, params, inputs, all);
        }
    }

    /** The key a step would have (computing file fingerprints as needed). */
    public CacheKey keyOf(Step step) {
        CacheKey.Builder b = store.key(step.section().name().toLowerCase(Locale.ROOT), step.name())
                .codeVersion(step.codeVersion()).params(step.params());
        step.inputs().forEach(b::input);
        b.inputFiles(step.files());
        return b.build();
    }

    /**
     * Runs (or serves from the cache) one step producing any codable value. A hit is not decoded
     * here: the returned value decodes on its first {@link Tracked#value()} call (so a warm re-run
     * skips intermediate results nobody reads). Should the entry vanish or prove corrupt by then,
     * the value is recomputed at that point (still recorded as a hit).
     */
    public <T> Tracked<T> run(Step step, Codec<T> codec, Supplier<T> compute) {
        return run(step, codec, () -> null, ignored -> compute.get());
    }

    /**
     * As {@link #run(Step, Codec, Supplier)}, for a step that reads one upstream value: on a miss
     * the input is materialised before the step's clock starts, so a lazy upstream (a hit being
     * decoded, or a {@link #derive derived} step being computed) is not counted as this step's time.
     */
    public <I, T> Tracked<T> run(Step step, Codec<T> codec, Supplier<I> input, Function<I, T> compute) {
        long start = System.nanoTime();
        CacheKey key = keyOf(step);
        if (store.enabled() && store.contains(key)) {
            record(step.name(), key, (System.nanoTime() - start) / 1e9, true);
            return Tracked.lazy(key, () -> store.getOrCompute(key, step.section(), codec, () -> compute.apply(input.get())));
        }
        I in = input.get();
        long computeStart = System.nanoTime();
        AtomicBoolean computed = new AtomicBoolean();
        T value = store.getOrCompute(key, step.section(), codec, () -> {
            computed.set(true);
            return compute.apply(in);
        });
        record(step.name(), key, (System.nanoTime() - computeStart) / 1e9, !computed.get());
        return new Tracked<>(value, key);
    }

    /**
     * A step whose output is never stored: cheap element-wise work (normalize_total, log1p) whose
     * 300+ MB result costs more to compress, write and later read back than to recompute from its
     * stored input (measured on the 70,000-cell reference cohort: about 1 s of cache writing per
     * step against 0.35 s of compute). It has a key like any step, so everything downstream is keyed
     * and cached as before; it computes only when someone reads its value (a downstream miss), and
     * is recorded then, as computed.
     */
    public <I, T> Tracked<T> derive(Step step, Supplier<I> input, Function<I, T> compute) {
        CacheKey key = keyOf(step);
        return Tracked.lazy(key, () -> {
            I in = input.get();
            long start = System.nanoTime();
            T value = compute.apply(in);
            record(step.name(), key, (System.nanoTime() - start) / 1e9, false, "not stored");
            return value;
        });
    }

    private void record(String name, CacheKey key, double seconds, boolean hit) {
        record(name, key, seconds, hit, "");
    }

    private void record(String name, CacheKey key, double seconds, boolean hit, String note) {
        synchronized (records) {
            records.add(new RunManifest.StepRecord(name, key.shortHex(), seconds, hit, "ok"));
        }
        log.accept(String.format(Locale.ROOT, "%-24s %7.2f s  %s%s", name, seconds, hit ? "cached" : "computed",
                note.isEmpty() ? "" : " (" + note + ")"));
    }

    /**
     * Records a unit of work cached by someone else (a fold task) for the manifest, without a
     * log line: {@code id} is e.g. {@code fold_task:gene_pca/logreg/fold-03-P5}.
     */
    public void recordQuietly(String id, CacheKey key, double seconds, boolean hit) {
        synchronized (records) {
            records.add(new RunManifest.StepRecord(id, key.shortHex(), seconds, hit, "ok"));
        }
    }

    public void log(String line) {
        log.accept(line);
    }

    /** Runs an AnnData-to-AnnData step with a params record (e.g. {@code NormalizeTotal::apply}). */
    public <P extends Record> Tracked<AnnData> apply(String name, Section section, String codeVersion, Tracked<AnnData> in,
                                                      P params, BiFunction<AnnData, P, AnnData> fn) {
        Step step = Step.of(name, section, codeVersion).params(StepParams.of(params)).inputs(in.key());
        return run(step, DataCodecs.ANNDATA, in::value, a -> fn.apply(a, params));
    }

    /** As {@link #apply}, but never stored: see {@link #derive}. */
    public <P extends Record> Tracked<AnnData> applyUnstored(String name, Section section, String codeVersion,
                                                             Tracked<AnnData> in, P params,
                                                             BiFunction<AnnData, P, AnnData> fn) {
        Step step = Step.of(name, section, codeVersion).params(StepParams.of(params)).inputs(in.key());
        return derive(step, in::value, a -> fn.apply(a, params));
    }

    /** Steps run so far, in completion order. */
    public List<RunManifest.StepRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }
}
