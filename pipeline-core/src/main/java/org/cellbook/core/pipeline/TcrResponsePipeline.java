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
import org.cellbook.core.data.CsrMatrix;
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
import org.cellbook.core.model.features.FeatureSetCodec;
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
import org.cellbook.core.tcr.KmerVocabulary;
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
    static final String CODE_VERSION = "2";
    /** The neighbours/Leiden step's own version: 3 since NnDescent's push join and lists of ceil(1.2 k) (other results above 8,192 cells). */
    static final String NEIGHBORS_CODE_VERSION = "3";
    /** The UMAP steps' own version: 3 since the parallel schedule's throughput kernel (UmapBlockSgd: other layout bits). */
    static final String UMAP_CODE_VERSION = "3";
    public static final String PCA_KEY = "X_pca";
    /** obsm key of the UMAP layout. */
    public static final String UMAP_KEY = "X_umap";
    public static final String TRB_PHYSCHEM_KEY = "trb_physchem";
    public static final String TRB_KMER_SVD_KEY = "trb_kmer_svd";
    /** Label 1 = responder, 0 = non-responder; unlabelled patients (missing response_label) are left out of the models. */
    public static final LabelSpec LABELS = new LabelSpec("response_label", "1", "patient_id");

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
        return ctx.steps().run(step, DataCodecs.ANNDATA, () -> {
            // A computed load means a cold run, which will most likely fit models too.
            ClassWarmup.foldCodeInBackground();
            return CohortLoader.load(sheet, Runtime.getRuntime().availableProcessors()).adata();
        });
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

    /**
     * normalize_total, log1p, highly variable genes (subset), scale and PCA: one keyed step each.
     * The first two are cheap element-wise passes over the full matrix, so their outputs are not
     * stored (see {@link StepRunner#derive}); the HVG step on is.
     */
    public Tracked<AnnData> preprocess(Tracked<AnnData> in) {
        PipelineConfig.Preprocess p = config().preprocess();
        StepRunner r = ctx.steps();
        Tracked<AnnData> t = r.applyUnstored("normalize_total", Section.PREPROCESS, CODE_VERSION, in,
                new NormalizeTotal.Params(p.targetSum(), null), NormalizeTotal::apply);
        t = r.applyUnstored("log1p", Section.PREPROCESS, CODE_VERSION, t, new Log1p.Params(null), Log1p::apply);
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

    /** The obs column of the Leiden labels at {@code resolution}: {@code leiden_<r>}, r as Python's {@code str(float)} (0.5, 1.0). */
    public static String leidenKey(double resolution) {
        return "leiden_" + resolution;
    }

    /**
     * scanpy's {@code pp.neighbors} on the first {@code clustering.n_pcs} PCs, then {@code tl.leiden}
     * at every configured resolution (obs {@code leiden_<r>}, see {@link #leidenKey}); obs
     * {@code leiden} repeats the labels at {@link #leidenResolution()} for the tables and plots.
     */
    public Tracked<AnnData> cluster(Tracked<AnnData> pp) {
        PipelineConfig.Clustering c = config().clustering();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("n_neighbors", c.nNeighbors());
        params.put("n_pcs", c.nPcs());
        params.put("resolutions", c.resolutions());
        params.put("leiden_seed", c.leidenSeed());
        StepRunner.Step step = StepRunner.Step.of("neighbors_leiden", Section.CLUSTER, NEIGHBORS_CODE_VERSION).params(params).inputs(pp.key());
        double shown = leidenResolution();
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
            // The resolutions run in parallel; each is seeded on its own, so the labels do not depend on it.
            a = org.cellbook.core.tl.Leiden.leiden(a, org.cellbook.core.tl.Leiden.Options.defaults().withSeed(c.leidenSeed()),
                    c.resolutions().stream().mapToDouble(Double::doubleValue).toArray(), TcrResponsePipeline::leidenKey,
                    Runtime.getRuntime().availableProcessors());
            StringColumn labels = a.obs().stringColumn(leidenKey(shown)).copy();
            labels.setName("leiden");
            return a.withObsColumn(labels);
        });
    }

    /**
     * scanpy's {@code tl.umap} of the kNN graph (obsm {@code X_umap}, min_dist 0.5, seed 0), started
     * from the first two PCs, in the order {@code clustering.umap_schedule} says; for the plots only. Returns the input when {@code clustering.umap} is false.
     */
    public Tracked<AnnData> umap(Tracked<AnnData> clustered) {
        if (!config().clustering().umap()) {
            return clustered;
        }
        org.cellbook.core.tl.Umap.Options o = org.cellbook.core.tl.Umap.Options.defaults()
                .withSchedule(org.cellbook.core.tl.Umap.Schedule.valueOf(config().clustering().umapSchedule().name()));
        // The thread count is not a parameter: the layout does not depend on it.
        StepRunner.Step step = StepRunner.Step.of("umap", Section.CLUSTER, UMAP_CODE_VERSION)
                .params(Map.of("min_dist", o.minDist(), "spread", o.spread(), "seed", o.seed(),
                        "schedule", config().clustering().umapSchedule().key()))
                .inputs(clustered.key());
        return ctx.steps().run(step, DataCodecs.ANNDATA, () -> {
            AnnData a = clustered.value();
            CsrMatrix graph = a.obsp().get("connectivities");
            DenseMatrix init = a.obsm().get(PCA_KEY);
            if (graph == null || init == null) { // Umap names what is missing
                return org.cellbook.core.tl.Umap.umap(a, PCA_KEY, o);
            }
            // The layout reads only the graph and the PCs: keyed on their content, it is reused when
            // only the Leiden labels changed (another resolution or seed), the commonest re-run.
            StepRunner.Step layoutStep = StepRunner.Step.of("umap:layout", Section.CLUSTER, UMAP_CODE_VERSION).params(step.params())
                    .content("graph", DataCodecs.CSR, graph).content("init", DataCodecs.DENSE, init);
            DenseMatrix layout = ctx.steps().run(layoutStep, DataCodecs.DENSE,
                    () -> org.cellbook.core.tl.Umap.umap(a, PCA_KEY, o).obsm().get(UMAP_KEY)).value();
            return a.withObsm(UMAP_KEY, layout);
        });
    }

    /** Column {@code k} of obsm {@code key} of every cell (e.g. a UMAP or PCA coordinate). */
    public static double[] obsmColumn(AnnData a, String key, int k) {
        DenseMatrix m = a.obsm().get(key);
        if (m == null) {
            throw BadInputException.parameter("obsm", "no " + key + " (it has " + a.obsm().keySet() + ")",
                    "run the step that computes it (umap, preprocess)");
        }
        double[] out = new double[a.nObs()];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.get(i, k);
        }
        return out;
    }

    /** The values of obs column {@code name} as strings (missing as ""), e.g. for colouring a plot. */
    public static String[] obsStrings(AnnData a, String name) {
        if (!a.obs().columnNames().contains(name)) {
            throw BadInputException.parameter("obs", "no column '" + name + "'; it has " + a.obs().columnNames(), "name an obs column");
        }
        String[] out = new String[a.nObs()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.obs().column(name).isMissing(i) ? "" : a.obs().column(name).getString(i);
        }
        return out;
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
     * TRB CDR3 features of every cell: the eleven physicochemical features (obsm {@code trb_physchem};
     * zeros for cells without a productive TRB, flagged by a leading {@code has_TRB} column) and the
     * character k-mer counts ({@code tcr.kmer_k}; sklearn's {@code CountVectorizer(analyzer='char')})
     * reduced by a truncated SVD to {@code tcr.svd_components} (obsm {@code trb_kmer_svd}; sklearn's
     * {@code TruncatedSVD(algorithm='arpack')}, via {@link Pca} without centring).
     *
     * <p>Both are fitted on all cells that passed QC: they never see the response labels, so fitting
     * them outside the cross-validation folds leaks no label information (the original notebook
     * does the same).
     */
    public Tracked<AnnData> tcrFeatures(Tracked<AnnData> in) {
        PipelineConfig.Tcr t = config().tcr();
        StepRunner.Step step = StepRunner.Step.of("trb_features", Section.FEATURES, CODE_VERSION)
                .params(Map.of("chain", "TRB", "kmer_k", t.kmerK(), "svd_components", t.svdComponents(), "seed", config().seed()))
                .inputs(in.key());
        return ctx.steps().run(step, DataCodecs.ANNDATA, () -> {
            AnnData a = in.value();
            List<String> trb = trbCdr3(a);
            DenseMatrix f = org.cellbook.core.tcr.PhysicochemicalFeatures.transform(trb);
            int w = f.nCols() + 1;
            float[] out = new float[a.nObs() * w];
            for (int i = 0; i < a.nObs(); i++) {
                out[i * w] = trb.get(i) == null ? 0 : 1;
                System.arraycopy(f.data(), i * f.nCols(), out, i * w + 1, f.nCols());
            }
            return a.withObsm(TRB_PHYSCHEM_KEY, new DenseMatrix(a.nObs(), w, out))
                    .withObsm(TRB_KMER_SVD_KEY, kmerSvd(trb, t.kmerK(), t.svdComponents(), config().seed()));
        });
    }

    /** Each cell's cleaned TRB CDR3 ({@code null} without a productive TRB). */
    public static List<String> trbCdr3(AnnData a) {
        if (!a.obs().columnNames().contains("TRB_cdr3")) {
            throw BadInputException.parameter("TRB_cdr3", "the cohort has no TCR data (obs has no TRB_cdr3)",
                    "give tcr_path in the sample sheet");
        }
        List<String> raw = new ArrayList<>(a.nObs());
        for (int i = 0; i < a.nObs(); i++) {
            raw.add(a.obs().column("TRB_cdr3").isMissing(i) ? null : a.obs().column("TRB_cdr3").getString(i));
        }
        return org.cellbook.core.tcr.Cdr3.cleanAll(raw, org.cellbook.core.tcr.Cdr3.InvalidCharacters.DROP, "TRB");
    }

    /** The k-mer vocabulary of the cells' TRB CDR3s (sorted, CountVectorizer's {@code get_feature_names_out()}). */
    public KmerVocabulary trbKmerVocabulary(AnnData a) {
        return KmerVocabulary.fit(trbCdr3(a), config().tcr().kmerK());
    }

    private static DenseMatrix kmerSvd(List<String> trb, int k, int components, long seed) {
        KmerVocabulary vocab = KmerVocabulary.fit(trb, k);
        org.cellbook.core.data.CsrMatrix counts = vocab.transform(trb);
        List<String> cells = new ArrayList<>(trb.size());
        for (int i = 0; i < trb.size(); i++) {
            cells.add(Integer.toString(i));
        }
        AnnData m = AnnData.builder(counts, cells, vocab.kmers()).build();
        // sklearn's arpack needs k < min(n_cells, n_kmers).
        int n = Math.min(components, Math.min(counts.nRows(), counts.nCols()) - 1);
        if (n < 1) {
            throw BadInputException.parameter("tcr.svd_components", "the TRB k-mer matrix (" + counts.nRows() + " x "
                    + counts.nCols() + ") is too small for a truncated SVD", "use more cells or a smaller tcr.kmer_k");
        }
        return Pca.apply(m, new Pca.Params(n, false, false, seed)).obsm().get(PCA_KEY);
    }

    /** Cells per sample with patient, timepoint and response: a quick look at the cohort. */
    public static Table cellsPerSample(AnnData a) {
        Map<String, String[]> info = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Table obs = a.obs();
        var sampleOf = obs.column("sample_id");
        var patientOf = obs.column("patient_id");
        var timepointOf = obs.column("timepoint");
        var responseOf = obs.column("response");
        for (int i = 0; i < a.nObs(); i++) {
            String s = sampleOf.getString(i);
            counts.merge(s, 1, Integer::sum);
            if (!info.containsKey(s)) {
                info.put(s, new String[] {patientOf.getString(i), timepointOf.getString(i), responseOf.getString(i)});
            }
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

    /** What the cross-validation step keeps: the metrics table and the held-out cells' predictions ({@link CvResults}). */
    public record CvTables(Table metrics, Table predictions) {
    }

    /**
     * Nested leave-one-patient-out CV of the configured models on each configured feature set
     * ({@code feature_sets}: obsm blocks joined with '+', each standardised inside the folds), run with
     * the configured executor: the full metrics table (per fold and pooled, cell and patient level)
     * and the held-out predictions (for ROC curves).
     */
    public Tracked<CvTables> crossValidate(Tracked<AnnData> pp) {
        PipelineConfig c = config();
        List<ModelPlan> plans = modelPlans(c.models());
        Map<String, Object> params = new LinkedHashMap<>();
        List<Map<String, Object>> models = new ArrayList<>();
        for (PipelineConfig.ModelSpec m : c.models()) {
            models.add(Map.of("name", m.name(), "family", m.family(), "search", m.search().key(), "n_iter", m.nIter(),
                    "space", new java.util.TreeMap<>(m.space())));
        }
        params.put("models", models);
        params.put("feature_sets", c.featureSets());
        params.put("cv", StepParams.of(c.cv()));
        params.put("seed", c.seed());
        // The whole table is one entry (an unchanged re-run reads only it); on a miss each fold
        // task is its own entry, so a changed model recomputes only that model's tasks.
        StepRunner.Step step = StepRunner.Step.of("nested_cv", Section.MODEL, CODE_VERSION).params(params).inputs(pp.key());
        return ctx.steps().run(step, Codecs.defaults().forRecord(CvTables.class), () -> {
            // The feature sets and their content keys are the step's serial part before the fold
            // pool starts (~0.5 s at 70,000 cells): built side by side, kept in config order.
            AnnData data = pp.value();
            record Built(FeatureSetSpec spec, FeatureSet set, CacheKey key) {
            }
            List<Built> built = c.featureSets().parallelStream().map(name -> {
                FeatureSetSpec spec = new FeatureSetSpec(name, obsmKeys(name), List.of(), List.of(new StandardScaler()));
                FeatureSet set = FeatureSets.fromAnnData(data, spec, LABELS);
                return new Built(spec, set, featureSetKey(spec, set));
            }).toList();
            List<FeatureSet> sets = new ArrayList<>();
            Map<String, CacheKey> dataKeys = new LinkedHashMap<>();
            for (Built b : built) {
                sets.add(b.set());
                dataKeys.put(b.spec().name(), b.key());
            }
            NestedLopo cv = new NestedLopo(sets, plans, c.cv().innerSplitter(), c.cv().innerSplits(), c.seed());
            FoldTaskCache cache = new FoldTaskCache(ctx.cache(), dataKeys);
            java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger misses = new java.util.concurrent.atomic.AtomicInteger();
            CachingFoldExecutor exec = new CachingFoldExecutor(ctx.foldExecutor(cache), cache, (task, hit, result) -> {
                (hit ? hits : misses).incrementAndGet();
                ctx.steps().recordQuietly("fold_task:" + task.id(), cache.key(task), hit ? 0 : result.fitTimeMs() / 1000.0, hit);
            });
            CvResults results = cv.run(exec, org.cellbook.core.model.cv.ProgressListener.NONE);
            ctx.steps().log("  fold tasks: " + hits.get() + " cached, " + misses.get() + " computed");
            var predictions = java.util.concurrent.CompletableFuture.supplyAsync(results::predictions);
            return new CvTables(results.metrics(), predictions.join());
        });
    }

    /** The obsm matrices of a feature set name such as {@code gene_pca+trb_kmer_svd}. */
    static List<String> obsmKeys(String featureSet) {
        List<String> keys = new ArrayList<>();
        for (String block : featureSet.split("\\+")) {
            keys.add(switch (block) {
                case "gene_pca" -> PCA_KEY;
                case "trb_physchem" -> TRB_PHYSCHEM_KEY;
                case "trb_kmer_svd" -> TRB_KMER_SVD_KEY;
                default -> throw BadInputException.parameter("feature_sets", "unknown block '" + block + "' in '" + featureSet + "'",
                        "join blocks of " + PipelineConfig.FEATURE_BLOCKS + " with '+'");
            });
        }
        return keys;
    }

    /**
     * The key naming a feature set's data, by content: everything of the spec that shapes the
     * matrix, labels and groups, and the SHA-256 of the data itself (not stored; fold-task keys
     * chain it). Keyed on content rather than on the upstream steps' keys so that a change
     * upstream that leaves the features as they were (a Leiden resolution or seed, UMAP) reuses
     * every fold task: the model search is the long part of a run.
     */
    CacheKey featureSetKey(FeatureSetSpec spec, FeatureSet data) {
        List<Object> transforms = new ArrayList<>();
        spec.transforms().forEach(t -> transforms.add(t.describe()));
        return ctx.cache().key("features", "feature_set/" + spec.name()).codeVersion(CODE_VERSION)
                .param("obsm_keys", spec.obsmKeys()).param("required_obs", spec.requiredObs())
                .param("transforms", transforms).param("labels", StepParams.of(LABELS))
                .param("data_sha256", FeatureSetCodec.sha256(data)).build();
    }

    /** The configured models as fold-loop plans (also what the benchmarks run). */
    public static List<ModelPlan> modelPlans(List<PipelineConfig.ModelSpec> specs) {
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

    /**
     * Pooled cell-level ROC curve of one model and feature set (sklearn's {@code roc_curve} of all
     * held-out cells): columns fpr, tpr, threshold.
     */
    public static Table rocCurve(Table predictions, String model, String featureSet) {
        Table p = predictions.where(predictions.stringColumn("model").isEqualTo(model)
                .and(predictions.stringColumn("feature_set").isEqualTo(featureSet)));
        int[] y = ((IntColumn) p.column("label")).asIntArray();
        double[] score = ((DoubleColumn) p.column("proba")).asDoubleArray();
        org.cellbook.core.model.metrics.RocCurve r = org.cellbook.core.model.metrics.RocCurve.of(y, score);
        Table t = Table.create("roc_" + model + "_" + featureSet, DoubleColumn.create("fpr", r.fpr()),
                DoubleColumn.create("tpr", r.tpr()), DoubleColumn.create("threshold", r.thresholds()));
        return t;
    }

    /**
     * Writes the results folder (contract in {@code notebooks/tcr-response/RESULTS.md}; the original
     * notebook writes the same files): QC summary, HVGs, PCA, obs with the Leiden labels, TRB k-mer
     * vocabulary and feature matrices, CV folds, metric tables and pooled ROC curves. Returns the files.
     */
    public List<Path> writeResults(Tracked<AnnData> loaded, Tracked<AnnData> filtered, Tracked<AnnData> features, CvTables cv) {
        ResultsWriter w = new ResultsWriter(resultsDir);
        AnnData raw = loaded.value();
        AnnData qc = filtered.value();
        AnnData a = features.value();
        w.qcSummary(new int[] {raw.nObs(), qc.nObs(), a.nObs()}, new int[] {raw.nVars(), qc.nVars(), a.nVars()});
        w.hvg(a.varNames());
        w.pca(a.obsm().get(PCA_KEY), varianceRatio(a));
        List<String> obsColumns = new ArrayList<>(List.of("sample_id", "patient_id", "timepoint", "response"));
        config().clustering().resolutions().forEach(r -> obsColumns.add(leidenKey(r)));
        w.obs(a, obsColumns);
        w.kmerVocabulary(trbKmerVocabulary(a).kmers());
        w.matrix("trb_physchem.npy", a.obsm().get(TRB_PHYSCHEM_KEY));
        w.matrix("trb_kmer_svd.npy", a.obsm().get(TRB_KMER_SVD_KEY));
        w.folds(labelledPatients(a));
        w.table("cv_metrics.csv", cv.metrics());
        w.table("cv_pooled_metrics.csv", pooled(cv.metrics()));
        for (PipelineConfig.ModelSpec m : config().models()) {
            for (String fs : config().featureSets()) {
                Table roc = rocCurve(cv.predictions(), m.name(), fs);
                if (roc.rowCount() > 0) {
                    w.table("roc_" + m.name() + "_" + fs + ".csv", roc);
                }
            }
        }
        w.files().forEach(ctx::addOutput);
        return w.files();
    }

    /** The patient of every cell with a response label (the cells the models see). */
    private static String[] labelledPatients(AnnData a) {
        String[] patients = obsStrings(a, LABELS.groupColumn());
        var label = a.obs().column(LABELS.labelColumn());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < patients.length; i++) {
            if (!label.isMissing(i)) {
                out.add(patients[i]);
            }
        }
        return out.toArray(String[]::new);
    }

    private static double[] varianceRatio(AnnData a) {
        Object pca = a.uns().get("pca");
        if (pca instanceof Map<?, ?> m) {
            Object v = m.get("variance_ratio");
            if (v instanceof double[] d) {
                return d;
            }
            if (v instanceof float[] f) {
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
                return d;
            }
            if (v instanceof List<?> l) {
                return l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
            }
        }
        throw new IllegalStateException("no uns['pca']['variance_ratio']; run preprocess first");
    }
}
