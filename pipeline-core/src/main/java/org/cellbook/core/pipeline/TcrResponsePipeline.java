package org.cellbook.core.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cellbook.cache.CacheKey;
import org.cellbook.cache.Codecs;
import org.cellbook.cache.Section;
import org.cellbook.core.BadInputException;
import org.cellbook.core.config.PipelineConfig;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.DataCodecs;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.io.CohortLoader;
import org.cellbook.core.io.SampleSheet;
import org.cellbook.core.model.cv.CachingFoldExecutor;
import org.cellbook.core.model.cv.CvResults;
import org.cellbook.core.model.cv.FoldTaskCache;
import org.cellbook.core.model.cv.ModelPlan;
import org.cellbook.core.model.cv.ModelSpec;
import org.cellbook.core.model.cv.NestedLopo;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.FeatureSetSpec;
import org.cellbook.core.model.features.FeatureSets;
import org.cellbook.core.model.features.LabelSpec;
import org.cellbook.core.model.features.StandardScaler;
import org.cellbook.core.model.search.ParamDistribution;
import org.cellbook.core.model.search.SearchSpace;
import org.cellbook.core.pp.Filters;
import org.cellbook.core.pp.HighlyVariableGenes;
import org.cellbook.core.pp.Log1p;
import org.cellbook.core.pp.NormalizeTotal;
import org.cellbook.core.pp.Pca;
import org.cellbook.core.pp.QcMetrics;
import org.cellbook.core.pp.Scale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The TCR-response notebook's steps, one method per notebook step, each through the run's
 * {@link StepRunner} so a re-run is served from the cache. Notebook cells stay one or two calls.
 *
 * <p>Deviation from the Python notebook: the HVG step subsets to the highly variable genes (as the
 * scanpy tutorial does with {@code adata[:, adata.var.highly_variable]}) so scaling stays cheap.
 */
public final class TcrResponsePipeline {
    /** Bump when a step's code changes in a way that can change its result. */
    static final String CODE_VERSION = "1";
    public static final String PCA_KEY = "X_pca";
    public static final String TRB_PHYSCHEM_KEY = "trb_physchem";
    public static final LabelSpec LABELS = new LabelSpec("response", "responder", "patient_id");

    private final RunContext ctx;
    private final Path resultsDir;

    public TcrResponsePipeline(RunContext ctx) {
        this(ctx, ctx.resultsDir());
    }

    private TcrResponsePipeline(RunContext ctx, Path resultsDir) {
        this.ctx = ctx;
        this.resultsDir = resultsDir;
    }

    /** Writes results to {@code dir} instead of the config's data.results_dir; blank keeps the config's. */
    public TcrResponsePipeline withResultsDir(String dir) {
        return dir == null || dir.isBlank() ? this : new TcrResponsePipeline(ctx, Path.of(dir).toAbsolutePath().normalize());
    }

    public Path resultsDir() {
        return resultsDir;
    }

    /** The pipeline for the current run (or, in the kernel, for {@code configPath}). */
    public static TcrResponsePipeline start(String configPath) {
        return new TcrResponsePipeline(RunContext.current(configPath));
    }

    public RunContext context() {
        return ctx;
    }

    public PipelineConfig config() {
        return ctx.config();
    }

    /** Reads the sample sheet and every sample's GEX and TCR files into one AnnData. */
    public Tracked<AnnData> load() {
        Path sheetPath = ctx.resolve(config().data().sampleSheet());
        if (!Files.isRegularFile(sheetPath)) {
            throw BadInputException.parameter("data.sample_sheet", "file not found: " + sheetPath,
                    "point data.sample_sheet (config or -p data.sample_sheet=...) at the cohort's sample sheet CSV");
        }
        SampleSheet sheet = SampleSheet.read(sheetPath);
        List<Path> files = new ArrayList<>();
        files.add(sheetPath);
        for (SampleSheet.Sample s : sheet.samples()) {
            if (!Files.exists(s.gexPath())) {
                throw BadInputException.line(sheetPath, s.line(), "gex_path of sample " + s.sampleId()
                        + " does not exist: " + s.gexPath(), "fix the path in the sample sheet");
            }
            files.addAll(regularFiles(s.gexPath()));
            s.tcr().ifPresent(t -> files.addAll(regularFiles(t)));
        }
        StepRunner.Step step = StepRunner.Step.of("load_cohort", Section.DATA, CODE_VERSION).files(files);
        return ctx.steps().run(step, DataCodecs.ANNDATA, () -> CohortLoader.load(sheet,
                Runtime.getRuntime().availableProcessors()).adata());
    }

    private static List<Path> regularFiles(Path p) {
        if (!Files.isDirectory(p)) {
            return Files.exists(p) ? List.of(p) : List.of();
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + p, e);
        }
    }

    /** QC metrics (MT percentage) and the cell and gene filters of the config's qc section. */
    public Tracked<AnnData> qc(Tracked<AnnData> in) {
        PipelineConfig.Qc q = config().qc();
        StepRunner.Step step = StepRunner.Step.of("qc_filter", Section.PREPROCESS, CODE_VERSION)
                .params(StepParams.of(q)).inputs(in.key());
        return ctx.steps().run(step, DataCodecs.ANNDATA, () -> {
            AnnData a = QcMetrics.calculate(in.value(), QcMetrics.Params.defaults().withPrefix(q.mtPrefix()));
            a = Filters.filterCells(a, Filters.CellParams.minGenes(q.minGenes()));
            a = Filters.filterGenes(a, Filters.GeneParams.minCells(q.minCells()));
            return Filters.filterByObsMax(a, Filters.PctParams.maxPctMt(q.maxPctMt()));
        });
    }

    /** normalize_total, log1p, highly variable genes (subset), scale and PCA: one cached step each. */
    public Tracked<AnnData> preprocess(Tracked<AnnData> in) {
        PipelineConfig.Preprocess p = config().preprocess();
        StepRunner r = ctx.steps();
        Tracked<AnnData> t = r.apply("normalize_total", Section.PREPROCESS, CODE_VERSION, in,
                new NormalizeTotal.Params(p.targetSum(), null), NormalizeTotal::apply);
        t = r.apply("log1p", Section.PREPROCESS, CODE_VERSION, t, new Log1p.Params(null), Log1p::apply);
        HighlyVariableGenes.Params hvg = HighlyVariableGenes.Params.defaults()
                .withFlavor(HighlyVariableGenes.Flavor.valueOf(p.hvgFlavor().name()))
                .withNTopGenes(p.nTopGenes()).withBatchKey(p.hvgBatchKey()).withSubset(true);
        t = r.apply("highly_variable_genes", Section.PREPROCESS, CODE_VERSION, t, hvg, HighlyVariableGenes::apply);
        t = r.apply("scale", Section.PREPROCESS, CODE_VERSION, t, new Scale.Params(true, p.scaleMaxValue()), Scale::apply);
        // n_comps is clamped to the data inside the step (the key has the configured value, which
        // with the input key determines the clamp), so a warm run need not decode the scaled matrix.
        return r.apply("pca", Section.PREPROCESS, CODE_VERSION, t, Pca.Params.defaults().withNComps(p.nPcs()),
                (a, params) -> Pca.apply(a, params.withNComps(Math.min(params.nComps(), Math.min(a.nObs(), a.nVars()) - 1))));
    }

    /** Resolution used for the one clustering the notebook shows: the configured one closest to 1 (scanpy's default). */
    public double leidenResolution() {
        return config().clustering().resolutions().stream()
                .min(java.util.Comparator.comparingDouble(r -> Math.abs(r - 1.0))).orElseThrow();
    }

    /**
     * scanpy's {@code pp.neighbors} on the first {@code clustering.n_pcs} PCs, then {@code tl.leiden}
     * (obs {@code leiden}) at {@link #leidenResolution()}.
     */
    public Tracked<AnnData> cluster(Tracked<AnnData> pp) {
        PipelineConfig.Clustering c = config().clustering();
        double resolution = leidenResolution();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("n_neighbors", c.nNeighbors());
        params.put("n_pcs", c.nPcs());
        params.put("resolution", resolution);
        params.put("leiden_seed", c.leidenSeed());
        StepRunner.Step step = StepRunner.Step.of("neighbors_leiden", Section.CLUSTER, CODE_VERSION).params(params).inputs(pp.key());
        return ctx.steps().run(step, DataCodecs.ANNDATA, () -> {
            AnnData a = pp.value();
            DenseMatrix pca = a.obsm().get(PCA_KEY);
            String rep = PCA_KEY;
            if (c.nPcs() < pca.nCols()) {
                rep = "X_pca_neighbors";
                a = a.withObsm(rep, firstColumns(pca, c.nPcs()));
            }
            a = org.cellbook.core.tl.Neighbors.neighbors(a, org.cellbook.core.tl.Neighbors.Options.defaults()
                    .withNNeighbors(c.nNeighbors()).withUseRep(rep));
            return org.cellbook.core.tl.Leiden.leiden(a, org.cellbook.core.tl.Leiden.Options.defaults()
                    .withResolution(resolution).withSeed(c.leidenSeed()), "leiden");
        });
    }

    private static DenseMatrix firstColumns(DenseMatrix m, int k) {
        float[] out = new float[m.nRows() * k];
        for (int i = 0; i < m.nRows(); i++) {
            System.arraycopy(m.data(), i * m.nCols(), out, i * k, k);
        }
        return new DenseMatrix(m.nRows(), k, out);
    }

    /** Cells per Leiden cluster and response. */
    public static Table clustersByResponse(AnnData a) {
        Table t = a.obs().xTabCounts("leiden", "response");
        t.setName("cells per cluster and response");
        return t;
    }

    /**
     * The eleven physicochemical features of each cell's TRB CDR3 (obsm {@code trb_physchem}; zeros
     * for cells without a productive TRB, flagged by an extra {@code has_TRB} column).
     */
    public Tracked<AnnData> tcrFeatures(Tracked<AnnData> in) {
        StepRunner.Step step = StepRunner.Step.of("trb_physchem", Section.FEATURES, CODE_VERSION)
                .params(Map.of("chain", "TRB", "encoding", "physicochemical")).inputs(in.key());
        return ctx.steps().run(step, DataCodecs.ANNDATA, () -> {
            AnnData a = in.value();
            if (!a.obs().columnNames().contains("TRB_cdr3")) {
                throw BadInputException.parameter("TRB_cdr3", "the cohort has no TCR data (obs has no TRB_cdr3)",
                        "give tcr_path in the sample sheet");
            }
            List<String> raw = new ArrayList<>(a.nObs());
            for (int i = 0; i < a.nObs(); i++) {
                raw.add(a.obs().column("TRB_cdr3").isMissing(i) ? null : a.obs().column("TRB_cdr3").getString(i));
            }
            List<String> trb = org.cellbook.core.tcr.Cdr3.cleanAll(raw, org.cellbook.core.tcr.Cdr3.InvalidCharacters.DROP, "TRB");
            DenseMatrix f = org.cellbook.core.tcr.PhysicochemicalFeatures.transform(trb);
            int w = f.nCols() + 1;
            float[] out = new float[a.nObs() * w];
            for (int i = 0; i < a.nObs(); i++) {
                out[i * w] = trb.get(i) == null ? 0 : 1;
                System.arraycopy(f.data(), i * f.nCols(), out, i * w + 1, f.nCols());
            }
            return a.withObsm(TRB_PHYSCHEM_KEY, new DenseMatrix(a.nObs(), w, out));
        });
    }

    /** Cells per sample with patient, timepoint and response: a quick look at the cohort. */
    public static Table cellsPerSample(AnnData a) {
        Map<String, String[]> info = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Table obs = a.obs();
        for (int i = 0; i < a.nObs(); i++) {
            String s = obs.column("sample_id").getString(i);
            counts.merge(s, 1, Integer::sum);
            info.putIfAbsent(s, new String[] {obs.column("patient_id").getString(i),
                    obs.column("timepoint").getString(i), obs.column("response").getString(i)});
        }
        StringColumn sample = StringColumn.create("sample_id");
        StringColumn patient = StringColumn.create("patient_id");
        StringColumn tp = StringColumn.create("timepoint");
        StringColumn resp = StringColumn.create("response");
        IntColumn n = IntColumn.create("cells");
        counts.forEach((s, c) -> {
            String[] v = info.get(s);
            sample.append(s);
            patient.append(v[0]);
            tp.append(v[1]);
            resp.append(v[2]);
            n.append(c);
        });
        return Table.create("cells_per_sample", sample, patient, tp, resp, n);
    }

    /** Principal component {@code k} (0-based) of every cell. */
    public static double[] pc(AnnData a, int k) {
        DenseMatrix m = a.obsm().get(PCA_KEY);
        if (m == null) {
            throw BadInputException.parameter("obsm", "no " + PCA_KEY + "; run preprocess first", "call preprocess(...)");
        }
        double[] out = new double[a.nObs()];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.get(i, k);
        }
        return out;
    }

    /**
     * Nested leave-one-patient-out CV of the configured models on the gene PCA (and on gene PCA plus
     * TRB physicochemical features when {@link #tcrFeatures} ran), run with the
     * configured executor; the full metrics table (per fold and pooled, cell and patient level).
     */
    public Tracked<Table> crossValidate(Tracked<AnnData> pp) {
        PipelineConfig c = config();
        List<ModelPlan> plans = modelPlans(c.models());
        Map<String, Object> params = new LinkedHashMap<>();
        List<Map<String, Object>> models = new ArrayList<>();
        for (PipelineConfig.ModelSpec m : c.models()) {
            models.add(Map.of("name", m.name(), "family", m.family(), "search", m.search().key(), "n_iter", m.nIter(),
                    "space", new java.util.TreeMap<>(m.space())));
        }
        params.put("models", models);
        params.put("cv", StepParams.of(c.cv()));
        params.put("seed", c.seed());
        // The whole table is one entry (an unchanged re-run reads only it); on a miss each fold
        // task is its own entry, so a changed model recomputes only that model's tasks.
        StepRunner.Step step = StepRunner.Step.of("nested_cv", Section.MODEL, CODE_VERSION).params(params).inputs(pp.key());
        return ctx.steps().run(step, Codecs.TABLE, () -> {
            List<FeatureSetSpec> specs = new ArrayList<>();
            specs.add(new FeatureSetSpec("gene_pca", List.of(PCA_KEY), List.of(), List.of(new StandardScaler())));
            if (pp.value().obsm().containsKey(TRB_PHYSCHEM_KEY)) {
                specs.add(new FeatureSetSpec("gene_pca+trb_physchem", List.of(PCA_KEY, TRB_PHYSCHEM_KEY), List.of(),
                        List.of(new StandardScaler())));
            }
            List<FeatureSet> sets = new ArrayList<>();
            Map<String, CacheKey> dataKeys = new LinkedHashMap<>();
            for (FeatureSetSpec spec : specs) {
                sets.add(FeatureSets.fromAnnData(pp.value(), spec, LABELS));
                dataKeys.put(spec.name(), featureSetKey(spec, pp.key()));
            }
            NestedLopo cv = new NestedLopo(sets, plans, c.cv().innerSplitter(), c.cv().innerSplits(), c.seed());
            FoldTaskCache cache = new FoldTaskCache(ctx.cache(), dataKeys);
            java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger misses = new java.util.concurrent.atomic.AtomicInteger();
            CachingFoldExecutor exec = new CachingFoldExecutor(ctx.foldExecutor(), cache, (task, hit, result) -> {
                (hit ? hits : misses).incrementAndGet();
                ctx.steps().recordQuietly("fold_task:" + task.id(), cache.key(task), hit ? 0 : result.fitTimeMs() / 1000.0, hit);
            });
            CvResults results = cv.run(exec, org.cellbook.core.model.cv.ProgressListener.NONE);
            ctx.steps().log("  fold tasks: " + hits.get() + " cached, " + misses.get() + " computed");
            return results.metrics();
        });
    }

    /**
     * The key naming a feature set's data: the upstream step's key and everything of the spec
     * that shapes the matrix, labels and groups (not stored; fold-task keys chain it).
     */
    CacheKey featureSetKey(FeatureSetSpec spec, CacheKey upstream) {
        List<Object> transforms = new ArrayList<>();
        spec.transforms().forEach(t -> transforms.add(t.describe()));
        return ctx.cache().key("features", "feature_set/" + spec.name()).codeVersion(CODE_VERSION)
                .param("obsm_keys", spec.obsmKeys()).param("required_obs", spec.requiredObs())
                .param("transforms", transforms).param("labels", StepParams.of(LABELS))
                .input(upstream).build();
    }

    static List<ModelPlan> modelPlans(List<PipelineConfig.ModelSpec> specs) {
        List<ModelPlan> plans = new ArrayList<>();
        for (PipelineConfig.ModelSpec m : specs) {
            Map<String, ParamDistribution> space = new LinkedHashMap<>();
            m.space().forEach((k, v) -> space.put(k, new ParamDistribution.Choice(v)));
            SearchSpace s = space.isEmpty() ? SearchSpace.none()
                    : m.search() == PipelineConfig.Search.RANDOM ? SearchSpace.random(m.nIter(), space) : SearchSpace.grid(space);
            plans.add(new ModelPlan(new ModelSpec(m.name(), m.family(), Map.of()), s));
        }
        return plans;
    }

    /** The pooled rows (all held-out patients together) of a metrics table. */
    public static Table pooled(Table metrics) {
        Table t = metrics.where(metrics.stringColumn("fold").isEqualTo("pooled"))
                .selectColumns("model", "feature_set", "level", "n", "accuracy", "precision", "recall", "f1", "roc_auc");
        t.setName("pooled_metrics");
        return t;
    }

    /** Pooled ROC-AUC per model and feature set at {@code level} (cell or patient), for a bar chart. */
    public static Map<String, Double> pooledAuc(Table metrics, String level) {
        Table p = pooled(metrics);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < p.rowCount(); i++) {
            if (p.stringColumn("level").get(i).equals(level)) {
                DoubleColumn auc = (DoubleColumn) p.column("roc_auc");
                if (!auc.isMissing(i)) { // every fold skipped: no score to plot
                    out.put(p.stringColumn("model").get(i) + " / " + p.stringColumn("feature_set").get(i), auc.getDouble(i));
                }
            }
        }
        return out;
    }

    /** Writes the metric tables as CSV into the results folder; returns the files. */
    public List<Path> writeResults(Table metrics) {
        try {
            Files.createDirectories(resultsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results folder " + resultsDir, e);
        }
        Path all = resultsDir.resolve("cv_metrics.csv");
        Path pooled = resultsDir.resolve("cv_pooled_metrics.csv");
        metrics.write().csv(all.toFile());
        pooled(metrics).write().csv(pooled.toFile());
        ctx.addOutput(all);
        ctx.addOutput(pooled);
        return List.of(all, pooled);
    }
}
