package org.cellbook.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * An annotated data matrix in the shape of Python's AnnData: {@code X} (cells x genes), per-cell
 * {@code obs} and per-gene {@code var} tables, {@code obsm}/{@code varm} dense matrices,
 * {@code obsp} cell x cell sparse graphs (kNN distances, connectivities), {@code layers} and
 * free-form {@code uns}.
 *
 * <p><b>Immutable and sharing.</b> Steps never modify a container; they return a new one through
 * the {@code with*} methods, which reuse every part that did not change (a normalisation replaces
 * {@code X} and shares obs, var and obsm; a new obs column shares the other obs columns). This
 * keeps memory flat along a pipeline and makes a container safe to read from several threads.
 * The price is a rule for callers: never mutate a table or array you got from a container; build
 * a new one. Tablesaw tables are mutable objects, so the container copies the column list
 * (not the columns) whenever it makes a new table.
 *
 * <p>Observation and variable names are held apart from the tables (they are the index, as in
 * pandas) and are unique within a container.
 */
public final class AnnData {
    private final Matrix x;
    private final List<String> obsNames;
    private final List<String> varNames;
    private final Table obs;
    private final Table var;
    private final Map<String, DenseMatrix> obsm;
    private final Map<String, DenseMatrix> varm;
    private final Map<String, CsrMatrix> obsp;
    private final Map<String, Matrix> layers;
    private final Map<String, Object> uns;

    private AnnData(Builder b) {
        this.x = Objects.requireNonNull(b.x, "X");
        this.obsNames = List.copyOf(b.obsNames);
        this.varNames = List.copyOf(b.varNames);
        this.obs = b.obs == null ? Table.create("obs") : b.obs;
        this.var = b.var == null ? Table.create("var") : b.var;
        this.obsm = Collections.unmodifiableMap(new LinkedHashMap<>(b.obsm));
        this.varm = Collections.unmodifiableMap(new LinkedHashMap<>(b.varm));
        this.obsp = Collections.unmodifiableMap(new LinkedHashMap<>(b.obsp));
        this.layers = Collections.unmodifiableMap(new LinkedHashMap<>(b.layers));
        this.uns = Collections.unmodifiableMap(new LinkedHashMap<>(b.uns));
        validate(b);
    }

    private void validate(Builder b) {
        int n = x.nRows();
        int m = x.nCols();
        check(obsNames.size() == n, "obs_names has " + obsNames.size() + " entries but X has " + n + " rows");
        check(varNames.size() == m, "var_names has " + varNames.size() + " entries but X has " + m + " columns");
        check(obs.columnCount() == 0 || obs.rowCount() == n, "obs has " + obs.rowCount() + " rows but X has " + n);
        check(var.columnCount() == 0 || var.rowCount() == m, "var has " + var.rowCount() + " rows but X has " + m);
        obsm.forEach((k, v) -> check(v.nRows() == n, "obsm['" + k + "'] has " + v.nRows() + " rows, expected " + n));
        varm.forEach((k, v) -> check(v.nRows() == m, "varm['" + k + "'] has " + v.nRows() + " rows, expected " + m));
        obsp.forEach((k, v) -> check(v.nRows() == n && v.nCols() == n,
                "obsp['" + k + "'] is " + v.shapeString() + ", expected " + n + " x " + n));
        layers.forEach((k, v) -> check(v.nRows() == n && v.nCols() == m,
                "layers['" + k + "'] is " + v.shapeString() + ", expected " + n + " x " + m));
        // Names taken over unchanged from a container (the same immutable list) were checked there:
        // hashing 70,000 names again for every derived container costs more than the step it follows.
        check(obsNames == b.uniqueObsNames || new HashSet<>(obsNames).size() == n, "obs_names are not unique");
        check(varNames == b.uniqueVarNames || new HashSet<>(varNames).size() == m,
                "var_names are not unique; call Names.makeUnique first");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder(Matrix x, List<String> obsNames, List<String> varNames) {
        return new Builder(x, obsNames, varNames);
    }

    public Builder toBuilder() {
        Builder b = new Builder(x, obsNames, varNames);
        b.uniqueObsNames = obsNames;
        b.uniqueVarNames = varNames;
        b.obs = obs;
        b.var = var;
        b.obsm.putAll(obsm);
        b.varm.putAll(varm);
        b.obsp.putAll(obsp);
        b.layers.putAll(layers);
        b.uns.putAll(uns);
        return b;
    }

    public int nObs() { return x.nRows(); }

    public int nVars() { return x.nCols(); }

    public Matrix x() { return x; }

    /** X as a sparse matrix; fails with a clear message when X is dense. */
    public CsrMatrix xSparse() {
        if (x instanceof CsrMatrix c) {
            return c;
        }
        throw new IllegalStateException("X is dense here (" + x.shapeString() + "); this step needs the sparse counts");
    }

    public List<String> obsNames() { return obsNames; }

    public List<String> varNames() { return varNames; }

    /** Per-cell annotations (do not mutate; see class notes). */
    public Table obs() { return obs; }

    /** Per-gene annotations (do not mutate; see class notes). */
    public Table var() { return var; }

    public Map<String, DenseMatrix> obsm() { return obsm; }

    public Map<String, DenseMatrix> varm() { return varm; }

    /** Cell x cell graphs, e.g. scanpy's {@code distances} and {@code connectivities}. */
    public Map<String, CsrMatrix> obsp() { return obsp; }

    public Map<String, Matrix> layers() { return layers; }

    public Map<String, Object> uns() { return uns; }

    public AnnData withX(Matrix newX) {
        return toBuilder().x(newX).build();
    }

    public AnnData withObs(Table newObs) {
        return toBuilder().obs(newObs).build();
    }

    public AnnData withVar(Table newVar) {
        return toBuilder().var(newVar).build();
    }

    /** Adds or replaces one obs column, sharing the others. */
    public AnnData withObsColumn(Column<?> column) {
        return withObs(withColumn(obs, "obs", column));
    }

    /** Adds or replaces one var column, sharing the others. */
    public AnnData withVarColumn(Column<?> column) {
        return withVar(withColumn(var, "var", column));
    }

    private static Table withColumn(Table table, String name, Column<?> column) {
        List<Column<?>> cols = new ArrayList<>();
        for (Column<?> c : table.columns()) {
            if (!c.name().equals(column.name())) {
                cols.add(c);
            }
        }
        cols.add(column);
        return Table.create(name, cols);
    }

    public AnnData withObsm(String key, DenseMatrix m) {
        return toBuilder().obsm(key, m).build();
    }

    public AnnData withVarm(String key, DenseMatrix m) {
        return toBuilder().varm(key, m).build();
    }

    public AnnData withObsp(String key, CsrMatrix m) {
        return toBuilder().obsp(key, m).build();
    }

    public AnnData withLayer(String key, Matrix m) {
        return toBuilder().layer(key, m).build();
    }

    public AnnData withUns(String key, Object value) {
        return toBuilder().uns(key, value).build();
    }

    /** Cells at the given positions, in that order; every per-cell part follows. */
    public AnnData subsetObs(int[] rows) {
        List<String> names = pick(obsNames, rows);
        Builder b = new Builder(x.selectRows(rows), names, varNames);
        b.uniqueVarNames = varNames;
        b.uniqueObsNames = strictlyIncreasing(rows) ? names : null;
        b.obs = selectRows(obs, rows);
        b.var = var;
        obsm.forEach((k, v) -> b.obsm.put(k, v.selectRows(rows)));
        b.varm.putAll(varm);
        // A graph keeps the selected cells on both axes, as anndata subsets obsp (names are unique, so no repeats).
        obsp.forEach((k, v) -> b.obsp.put(k, v.selectRows(rows).selectCols(rows)));
        layers.forEach((k, v) -> b.layers.put(k, v.selectRows(rows)));
        b.uns.putAll(uns);
        return b.build();
    }

    /** Genes at the given positions, in that order; every per-gene part follows. */
    public AnnData subsetVar(int[] cols) {
        List<String> names = pick(varNames, cols);
        Builder b = new Builder(x.selectCols(cols), obsNames, names);
        b.uniqueObsNames = obsNames;
        b.uniqueVarNames = strictlyIncreasing(cols) ? names : null;
        b.obs = obs;
        b.var = selectRows(var, cols);
        b.obsm.putAll(obsm);
        varm.forEach((k, v) -> b.varm.put(k, v.selectRows(cols)));
        b.obsp.putAll(obsp);
        layers.forEach((k, v) -> b.layers.put(k, v.selectCols(cols)));
        b.uns.putAll(uns);
        return b.build();
    }

    /** Rows in the given order. Tablesaw's {@code Table.rows(int...)} sorts them (it goes through a bitmap). */
    private static Table selectRows(Table t, int[] rows) {
        if (t.columnCount() == 0) {
            return t;
        }
        List<Column<?>> cols = new ArrayList<>(t.columnCount());
        for (Column<?> c : t.columns()) {
            cols.add(c.subset(rows));
        }
        return Table.create(t.name(), cols);
    }

    /** Immutable, so the container keeps this very list (and can tell it was checked already). */
    private static List<String> pick(List<String> names, int[] at) {
        String[] out = new String[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = names.get(at[i]);
        }
        return List.of(out);
    }

    /** Positions without repeats in increasing order pick distinct names from unique ones: no need to hash them again. */
    private static boolean strictlyIncreasing(int[] at) {
        for (int i = 1; i < at.length; i++) {
            if (at[i] <= at[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Position of each name (for joins). */
    public Map<String, Integer> obsIndex() {
        Map<String, Integer> m = new java.util.HashMap<>(obsNames.size() * 2);
        for (int i = 0; i < obsNames.size(); i++) {
            m.put(obsNames.get(i), i);
        }
        return m;
    }

    /** A one-paragraph description in the style of AnnData's repr. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("AnnData object with n_obs x n_vars = " + nObs() + " x " + nVars());
        s.append(x instanceof CsrMatrix c ? " (sparse, " + c.nnz() + " non-zeros)" : " (dense)");
        appendKeys(s, "obs", obs.columnNames());
        appendKeys(s, "var", var.columnNames());
        appendKeys(s, "uns", uns.keySet());
        appendKeys(s, "obsm", obsm.keySet());
        appendKeys(s, "varm", varm.keySet());
        appendKeys(s, "obsp", obsp.keySet());
        appendKeys(s, "layers", layers.keySet());
        return s.toString();
    }

    private static void appendKeys(StringBuilder s, String label, java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        StringJoiner j = new StringJoiner(", ");
        keys.forEach(k -> j.add("'" + k + "'"));
        s.append("\n    ").append(label).append(": ").append(j);
    }

    /** Mutable assembly of a container; {@link #build} validates shapes and name uniqueness. */
    public static final class Builder {
        private Matrix x;
        private List<String> obsNames;
        private List<String> varNames;
        private Table obs;
        private Table var;
        private final Map<String, DenseMatrix> obsm = new LinkedHashMap<>();
        private final Map<String, DenseMatrix> varm = new LinkedHashMap<>();
        private final Map<String, CsrMatrix> obsp = new LinkedHashMap<>();
        private final Map<String, Matrix> layers = new LinkedHashMap<>();
        private final Map<String, Object> uns = new LinkedHashMap<>();
        /** Immutable name lists of the container this builder came from (already checked for uniqueness). */
        private List<String> uniqueObsNames;
        private List<String> uniqueVarNames;

        private Builder(Matrix x, List<String> obsNames, List<String> varNames) {
            this.x = x;
            this.obsNames = obsNames;
            this.varNames = varNames;
        }

        public Builder x(Matrix m) { this.x = m; return this; }

        public Builder obsNames(List<String> names) { this.obsNames = names; return this; }

        public Builder varNames(List<String> names) { this.varNames = names; return this; }

        public Builder obs(Table t) { this.obs = t; return this; }

        public Builder var(Table t) { this.var = t; return this; }

        public Builder obsm(String k, DenseMatrix m) { obsm.put(k, m); return this; }

        public Builder varm(String k, DenseMatrix m) { varm.put(k, m); return this; }

        public Builder obsp(String k, CsrMatrix m) { obsp.put(k, m); return this; }

        public Builder removeObsp(String k) { obsp.remove(k); return this; }

        public Builder layer(String k, Matrix m) { layers.put(k, m); return this; }

        public Builder uns(String k, Object v) { uns.put(k, v); return this; }

        public Builder removeObsm(String k) { obsm.remove(k); return this; }

        public Builder removeLayer(String k) { layers.remove(k); return this; }

        public AnnData build() {
            return new AnnData(this);
        }
    }

    /** Names that appear more than once, in first-seen order (for error messages). */
    public static List<String> duplicates(List<String> names) {
        Set<String> seen = new HashSet<>();
        Set<String> dup = new java.util.LinkedHashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                dup.add(n);
            }
        }
        return new ArrayList<>(dup);
    }
}
