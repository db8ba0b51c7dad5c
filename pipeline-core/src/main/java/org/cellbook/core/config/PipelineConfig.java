package org.cellbook.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;

/**
 * The knobs a lab tunes in the TCR-response pipeline. Defaults follow scanpy and scikit-learn
 * where a step has a counterpart there. Load with {@link #loader()}; see {@code cellbook config
 * schema} for the JSON Schema and {@code notebooks/tcr-response/config.yaml} for an example.
 */
@Doc("Cellbook TCR-response pipeline configuration")
public record PipelineConfig(
        @Doc("Input data and where results go") Data data,
        @Doc("Quality-control filters (scanpy pp.filter_cells / filter_genes, MT fraction)") Qc qc,
        @Doc("Normalisation, highly variable genes, scaling and PCA") Preprocess preprocess,
        @Doc("kNN graph and Leiden clustering") Clustering clustering,
        @Doc("TCR sequence encodings") Tcr tcr,
        @Doc("Feature sets to model: blocks gene_pca, trb_physchem and trb_kmer_svd, alone or joined with '+' (e.g. gene_pca+trb_kmer_svd)") List<String> featureSets,
        @Doc("Models and their search spaces") List<ModelSpec> models,
        @Doc("Nested cross-validation") CrossValidation cv,
        @Doc("Where fold tasks run") Execution execution,
        @Doc("The content-addressed cache") Cache cache,
        @Doc("Global seed; every task's seed derives from it and the task id") long seed) implements Validated {
    /** The feature blocks a feature set may join with '+': the obsm matrices the pipeline computes. */
    public static final List<String> FEATURE_BLOCKS = List.of("gene_pca", "trb_physchem", "trb_kmer_svd");

    @Override
    public void validate(String path) {
        String key = path.isEmpty() ? "feature_sets" : path + ".feature_sets";
        if (featureSets == null || featureSets.isEmpty()) {
            throw BadInputException.parameter(key, "is empty", "list at least one feature set, e.g. [gene_pca]");
        }
        for (String set : featureSets) {
            for (String block : (set == null ? "" : set).split("\\+", -1)) {
                if (!FEATURE_BLOCKS.contains(block)) {
                    throw BadInputException.parameter(key, "feature set '" + set + "' has the unknown block '" + block + "'",
                            "join blocks of " + FEATURE_BLOCKS + " with '+'");
                }
            }
        }
    }

    public static PipelineConfig defaults() {
        return new PipelineConfig(
                new Data("data/samples.csv", "results"),
                new Qc(200, 3, 20.0, "MT-"),
                new Preprocess(null, HvgFlavor.SEURAT, 2000, null, 10.0, 50),
                new Clustering(15, 50, sweep(0.05, 0.05, 26), 0, true, UmapSchedule.PARALLEL),
                new Tcr(3, 20, 25, 10),
                List.of("gene_pca", "trb_kmer_svd", "trb_physchem", "gene_pca+trb_physchem", "gene_pca+trb_kmer_svd"),
                List.of(
                        new ModelSpec("logreg", "logreg", Search.GRID, 0,
                                Map.of("C", List.of(0.01, 0.1, 1.0, 10.0))),
                        new ModelSpec("rf", "random_forest", Search.RANDOM, 15,
                                Map.of("n_estimators", List.of(100, 200, 400), "max_depth", List.of(4, 8, 16),
                                        "min_samples_leaf", List.of(1, 5, 20))),
                        new ModelSpec("xgb", "xgboost", Search.RANDOM, 15,
                                Map.of("n_estimators", List.of(100, 300), "max_depth", List.of(3, 6),
                                        "learning_rate", List.of(0.03, 0.1, 0.3), "subsample", List.of(0.8, 1.0))),
                        new ModelSpec("linear_svm", "linear_svm", Search.GRID, 0, Map.of("C", List.of(0.01, 0.1, 1.0)))),
                new CrossValidation(3, "stratified_group_kfold", 30, 5),
                new Execution(ExecutorKind.AUTO, 0, null, 1.0),
                new Cache(true, null),
                42);
    }

    /** Loader with this type's defaults. */
    public static ConfigLoader<PipelineConfig> loader() {
        return new ConfigLoader<>(PipelineConfig.class, defaults());
    }

    private static List<Double> sweep(double start, double step, int n) {
        List<Double> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Math.round((start + i * step) * 1e6) / 1e6);
        }
        return List.copyOf(out);
    }

    @Doc("Input data")
    public record Data(
            @Doc("Sample sheet CSV (sample_id, patient_id, timepoint, response, gex_path, tcr_path); relative paths resolve against the config file's folder") String sampleSheet,
            @Doc("Folder for metric tables, cluster labels and key matrices") String resultsDir) implements Validated {
        @Override
        public void validate(String path) {
            if (sampleSheet == null || sampleSheet.isBlank()) {
                throw BadInputException.parameter(path + ".sample_sheet", "is empty", "give the path of the sample sheet CSV");
            }
        }
    }

    @Doc("Quality control")
    public record Qc(
            @Doc("Keep cells with at least this many detected genes (scanpy filter_cells min_genes)") int minGenes,
            @Doc("Keep genes detected in at least this many cells (scanpy filter_genes min_cells)") int minCells,
            @Doc("Drop cells whose mitochondrial percentage of counts exceeds this") double maxPctMt,
            @Doc("Gene-symbol prefix of mitochondrial genes") String mtPrefix) implements Validated {
        @Override
        public void validate(String path) {
            nonNegative(path + ".min_genes", minGenes);
            nonNegative(path + ".min_cells", minCells);
            if (!(maxPctMt > 0 && maxPctMt <= 100)) {
                throw BadInputException.parameter(path + ".max_pct_mt", "must be in (0, 100], got " + maxPctMt,
                        "give a percentage such as 20");
            }
        }
    }

    public enum HvgFlavor {
        SEURAT, CELL_RANGER, SEURAT_V3;

        /** Lower-case in YAML and the schema. */
        @JsonValue
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Doc("Preprocessing")
    public record Preprocess(
            @Doc("normalize_total target; null means the median of total counts (scanpy's default)") Double targetSum,
            @Doc("highly_variable_genes flavor: seurat, cell_ranger or seurat_v3") HvgFlavor hvgFlavor,
            @Doc("Number of highly variable genes") Integer nTopGenes,
            @Doc("obs column for batch-aware HVG selection, or null") String hvgBatchKey,
            @Doc("Clip scaled values at this magnitude (scanpy scale max_value); null for no clipping") Double scaleMaxValue,
            @Doc("Principal components computed on the HVGs") int nPcs) implements Validated {
        @Override
        public void validate(String path) {
            if (targetSum != null && !(targetSum > 0)) {
                throw BadInputException.parameter(path + ".target_sum", "must be positive or null, got " + targetSum,
                        "use e.g. 10000, or null for the median");
            }
            if (nTopGenes != null) {
                positive(path + ".n_top_genes", nTopGenes);
            }
            positive(path + ".n_pcs", nPcs);
        }
    }

    @Doc("Clustering")
    public record Clustering(
            @Doc("Neighbours per cell, the cell itself included (scanpy n_neighbors)") int nNeighbors,
            @Doc("PCs used for the kNN graph") int nPcs,
            @Doc("Leiden resolutions swept (in parallel, each seeded)") List<Double> resolutions,
            @Doc("Leiden seed (scanpy random_state)") long leidenSeed,
            @Doc("Compute a UMAP of the kNN graph for the plots (scanpy tl.umap, min_dist 0.5, seed 0); not used by the models") boolean umap,
            @Doc("Order of the UMAP layout's updates: parallel (blocks of cells on all cores; the same layout on any number of cores, "
                    + "as good as umap-learn's but not its update order) or sequential (umap-learn's order with a random_state, one core)")
            UmapSchedule umapSchedule) implements Validated {
        @Override
        public void validate(String path) {
            if (umapSchedule == null) {
                throw BadInputException.parameter(path + ".umap_schedule", "is null", "use parallel or sequential");
            }
            if (nNeighbors < 2) {
                throw BadInputException.parameter(path + ".n_neighbors", "must be at least 2, got " + nNeighbors,
                        "scanpy's default is 15");
            }
            positive(path + ".n_pcs", nPcs);
            if (resolutions == null || resolutions.isEmpty() || resolutions.stream().anyMatch(r -> r == null || !(r > 0))) {
                throw BadInputException.parameter(path + ".resolutions", "needs one or more positive numbers",
                        "for example [0.5, 1.0]");
            }
        }
    }

    /** How the UMAP layout orders its updates (org.cellbook.core.tl.Umap.Schedule). */
    public enum UmapSchedule {
        SEQUENTIAL, PARALLEL;

        /** Lower-case in YAML and the schema. */
        @JsonValue
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Doc("TCR encodings")
    public record Tcr(
            @Doc("k of the CDR3 character k-mers") int kmerK,
            @Doc("TruncatedSVD components of each k-mer matrix") int svdComponents,
            @Doc("Padded length of one-hot CDR3 encodings") int oneHotMaxLength,
            @Doc("k of k-means on TCR features") int kmeansK) implements Validated {
        @Override
        public void validate(String path) {
            positive(path + ".kmer_k", kmerK);
            positive(path + ".svd_components", svdComponents);
            positive(path + ".one_hot_max_length", oneHotMaxLength);
            positive(path + ".kmeans_k", kmeansK);
        }
    }

    public enum Search {
        GRID, RANDOM;

        /** Lower-case in YAML and the schema. */
        @JsonValue
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Doc("One model family with its hyperparameter search")
    public record ModelSpec(
            @Doc("Name used in result tables") String name,
            @Doc("Model family: logreg, random_forest, xgboost, linear_svm, mlp, cnn1d, bilstm, transformer") String family,
            @Doc("grid or random search") Search search,
            @Doc("Random-search iterations (ignored for grid)") int nIter,
            @Doc("Hyperparameter name to the list of values tried") Map<String, List<Object>> space) implements Validated {
        @Override
        public void validate(String path) {
            if (name == null || name.isBlank()) {
                throw BadInputException.parameter(path + ".name", "is empty", "name the model");
            }
            if (!org.cellbook.core.model.classifiers.Classifiers.families().contains(family)) {
                throw BadInputException.parameter(path + ".family", "unknown model family '" + family + "'",
                        "use one of " + org.cellbook.core.model.classifiers.Classifiers.families());
            }
            if (search == Search.RANDOM) {
                positive(path + ".n_iter", nIter);
            }
        }
    }

    @Doc("Nested cross-validation: leave one patient out outside, grouped k-fold inside")
    public record CrossValidation(
            @Doc("Inner splits") int innerSplits,
            @Doc("Inner splitter: group_kfold or stratified_group_kfold") String innerSplitter,
            @Doc("Training epochs of deep models") int epochs,
            @Doc("Early-stopping patience of deep models, in epochs") int patience) implements Validated {
        @Override
        public void validate(String path) {
            if (innerSplits < 2) {
                throw BadInputException.parameter(path + ".inner_splits", "must be at least 2, got " + innerSplits, "use 3");
            }
            if (!List.of("group_kfold", "stratified_group_kfold").contains(innerSplitter)) {
                throw BadInputException.parameter(path + ".inner_splitter", "unknown splitter '" + innerSplitter + "'",
                        "use group_kfold or stratified_group_kfold");
            }
            positive(path + ".epochs", epochs);
        }
    }

    public enum ExecutorKind {
        AUTO, SEQUENTIAL, THREADS, RAY;

        /** Lower-case in YAML and the schema. */
        @JsonValue
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Doc("Execution of fold tasks")
    public record Execution(
            @Doc("auto (Ray when a Ray address is given, threads otherwise), sequential, threads or ray") ExecutorKind executor,
            @Doc("Threads of the threads executor; 0 means one per available core") int workers,
            @Doc("Ray cluster address (host:port of the head, as printed by cellbook ray start), or null (the default); --ray-address overrides it, RAY_ADDRESS is used when both are absent") String rayAddress,
            @Doc("CPUs each fold task reserves on a Ray node") double rayCpusPerTask) implements Validated {
        @Override
        public void validate(String path) {
            nonNegative(path + ".workers", workers);
            if (!(rayCpusPerTask > 0)) {
                throw BadInputException.parameter(path + ".ray_cpus_per_task", "must be positive, got " + rayCpusPerTask,
                        "use 1 (one CPU per fold task)");
            }
        }
    }

    @Doc("Cache")
    public record Cache(
            @Doc("Use the content-addressed cache") boolean enabled,
            @Doc("Cache folder; null means .cellbook/cache (or CELLBOOK_CACHE_DIR)") String dir) {
    }

    private static void positive(String key, int v) {
        if (v <= 0) {
            throw BadInputException.parameter(key, "must be positive, got " + v, "give a number above 0");
        }
    }

    private static void nonNegative(String key, int v) {
        if (v < 0) {
            throw BadInputException.parameter(key, "must not be negative, got " + v, "give 0 or more");
        }
    }
}
