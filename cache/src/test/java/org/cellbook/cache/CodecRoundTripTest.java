package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.api.TimeColumn;
import tech.tablesaw.columns.Column;

/** Every codec through a real store on disk: write, then read back from a second store instance. */
class CodecRoundTripTest {
    @TempDir
    Path tmp;

    private CacheStore writer;
    private final AtomicInteger names = new AtomicInteger();

    @BeforeEach
    void open() {
        writer = CacheStore.open(tmp);
    }

    /** Stores {@code value}, then reads it with a fresh store (so from disk, not memory). */
    private <T> T roundTrip(Codec<T> codec, T value) {
        CacheKey key = CacheKey.builder("test", "value" + names.incrementAndGet()).codeVersion("1").build();
        T computed = writer.getOrCompute(key, Section.DATA, codec, () -> value);
        assertTrue(computed == value, "a miss returns the computed object");
        T read = CacheStore.open(tmp).get(key, codec).orElseThrow(() -> new AssertionError("not stored"));
        if (!(value instanceof String || value instanceof Enum)) { // interned / singletons
            assertNotSame(value, read, "a hit returns a decoded copy");
        }
        return read;
    }

    @Test
    void primitiveArrays() {
        Random r = new Random(1);
        double[] d = r.doubles(1000).toArray();
        d[3] = Double.NaN;
        d[4] = -0.0;
        d[5] = Double.NEGATIVE_INFINITY;
        assertArrayEquals(d, roundTrip(Codecs.DOUBLE_ARRAY, d));
        float[] f = {1.5f, Float.NaN, -0f, Float.MAX_VALUE, Float.MIN_VALUE};
        assertArrayEquals(f, roundTrip(Codecs.FLOAT_ARRAY, f));
        int[] i = r.ints(777).toArray();
        assertArrayEquals(i, roundTrip(Codecs.INT_ARRAY, i));
        long[] l = r.longs(333).toArray();
        assertArrayEquals(l, roundTrip(Codecs.LONG_ARRAY, l));
        byte[] b = new byte[4097];
        r.nextBytes(b);
        assertArrayEquals(b, roundTrip(Codecs.BYTE_ARRAY, b));
        boolean[] z = {true, false, false, true};
        assertArrayEquals(z, roundTrip(Codecs.BOOLEAN_ARRAY, z));
        short[] s = {Short.MIN_VALUE, 0, 7, Short.MAX_VALUE};
        assertArrayEquals(s, roundTrip(Codecs.SHORT_ARRAY, s));
        assertArrayEquals(new double[0], roundTrip(Codecs.DOUBLE_ARRAY, new double[0]));
    }

    @Test
    void valuesLargerThanOneBlockSurviveEveryBoundary() {
        // 3.5 blocks of doubles, then an odd-sized byte array so later values straddle blocks.
        Random r = new Random(2);
        double[] d = r.doubles((int) (3.5 * DataFile.BLOCK_SIZE / 8) + 3).toArray();
        assertArrayEquals(d, roundTrip(Codecs.DOUBLE_ARRAY, d));
        Map<String, Object> mixed = new LinkedHashMap<>();
        byte[] odd = new byte[DataFile.BLOCK_SIZE - 5];
        r.nextBytes(odd);
        mixed.put("odd", odd);
        mixed.put("longs", r.longs(DataFile.BLOCK_SIZE / 8 + 1).toArray());
        mixed.put("after", "a string after the boundary");
        mixed.put("n", 42L);
        Map<String, Object> back = roundTrip(Codecs.defaults().map(), mixed);
        assertArrayEquals(odd, (byte[]) back.get("odd"));
        assertArrayEquals((long[]) mixed.get("longs"), (long[]) back.get("longs"));
        assertEquals("a string after the boundary", back.get("after"));
        assertEquals(42L, back.get("n"));
    }

    @Test
    void stringsAndStringLists() {
        assertEquals("", roundTrip(Codecs.STRING, ""));
        assertEquals("CD8+ T cells, Ωmega ✓ 𝄞", roundTrip(Codecs.STRING, "CD8+ T cells, Ωmega ✓ 𝄞"));
        List<String> genes = new ArrayList<>(List.of("CD3E", "", "MS4A1"));
        genes.add(null);
        assertEquals(genes, roundTrip(Codecs.STRING_LIST, genes));
        String[] array = {"a", null, "c"};
        assertArrayEquals(array, roundTrip(Codecs.STRING_ARRAY, array));
    }

    @Test
    void tableWithEveryColumnTypeAndMissingValues() {
        StringColumn cellType = StringColumn.create("cell_type", "T", "", "B");
        cellType.setMissing(2);
        Table t = Table.create("obs",
                cellType,
                IntColumn.create("n_genes", new int[] {10, Integer.MIN_VALUE, 30}),
                LongColumn.create("total", 1L << 40, Long.MIN_VALUE, 3L),
                FloatColumn.create("pct_mt", 1.5f, Float.NaN, 0f),
                DoubleColumn.create("score", 0.25, Double.NaN, -1e300),
                BooleanColumn.create("doublet", true, false, false),
                ShortColumn.create("batch", (short) 1, Short.MIN_VALUE, (short) 2),
                DateColumn.create("date", LocalDate.of(2024, 1, 2), null, LocalDate.of(1999, 12, 31)),
                TimeColumn.create("time", LocalTime.NOON, null, LocalTime.MIDNIGHT),
                DateTimeColumn.create("when", LocalDateTime.of(2024, 5, 6, 7, 8, 9), null, LocalDateTime.MIN.plusYears(1)),
                InstantColumn.create("at", Instant.ofEpochSecond(1_700_000_000L), null, Instant.EPOCH));
        ((BooleanColumn) t.column("doublet")).setMissing(1);

        Table back = roundTrip(Codecs.TABLE, t);
        assertEquals("obs", back.name());
        assertEquals(t.rowCount(), back.rowCount());
        assertEquals(t.columnNames(), back.columnNames());
        for (int c = 0; c < t.columnCount(); c++) {
            Column<?> want = t.column(c);
            Column<?> got = back.column(c);
            assertEquals(want.type(), got.type(), want.name());
            for (int i = 0; i < t.rowCount(); i++) {
                assertEquals(want.isMissing(i), got.isMissing(i), want.name() + " row " + i + " missing");
                if (!want.isMissing(i)) {
                    assertEquals(want.get(i), got.get(i), want.name() + " row " + i);
                }
            }
        }
        assertTrue(back.column("cell_type").isMissing(1) && back.column("cell_type").isMissing(2));
        assertEquals("", back.stringColumn("cell_type").getString(1), "missing strings read as Tablesaw's missing");
        assertEquals(ColumnType.STRING, back.column("cell_type").type());
    }

    @Test
    void emptyAndUnnamedTables() {
        Table empty = Table.create("empty", DoubleColumn.create("x"), StringColumn.create("s"));
        Table back = roundTrip(Codecs.TABLE, empty);
        assertEquals(0, back.rowCount());
        assertEquals(List.of("x", "s"), back.columnNames());
        Table unnamed = roundTrip(Codecs.TABLE, Table.create(IntColumn.create("k", 1, 2)));
        assertNull(unnamed.name());
        assertEquals(2, unnamed.intColumn("k").get(1));
    }

    enum Flavor { SEURAT, CELL_RANGER { } }

    record Params(String method, int nNeighbors, double resolution, boolean directed, long seed, float alpha,
                  char sep, short tiny, byte bits) {
    }

    record HvgParams(Flavor flavor, int nTop, List<Flavor> tried) {
    }

    @Test
    void enumsByNameAloneAndInRecords() {
        assertEquals(Flavor.CELL_RANGER, roundTrip(Codecs.defaults().forType(Flavor.class), Flavor.CELL_RANGER));
        HvgParams p = new HvgParams(Flavor.CELL_RANGER, 2000, List.of(Flavor.SEURAT, Flavor.CELL_RANGER));
        assertEquals(p, roundTrip(Codecs.defaults().forRecord(HvgParams.class), p));
        assertEquals(Flavor.SEURAT, roundTrip(Codecs.defaults().any(), (Object) Flavor.SEURAT));
    }

    record ClusterResult(String name, int[] labels, double[] centroids, List<String> categories,
                         Map<String, Double> scores, Params params, Table summary, List<Params> history,
                         String maybe) {
    }

    @Test
    void recordsWithNestedRecordsListsMapsArraysAndTables() {
        Params p = new Params("leiden", 15, 0.5, false, 42L, 0.1f, '\t', (short) -3, (byte) 7);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("silhouette", 0.31);
        scores.put("ari", Double.NaN);
        ClusterResult r = new ClusterResult("leiden_0.5", new int[] {0, 1, 1, 2}, new double[] {0.5, 1.5},
                List.of("0", "1", "2"), scores, p, Table.create("sizes", IntColumn.create("n", 1, 2, 1)),
                List.of(p, new Params("louvain", 10, 1.0, true, 0L, 0f, ',', (short) 0, (byte) 0)), null);
        Codec<ClusterResult> codec = Codecs.defaults().forRecord(ClusterResult.class);
        assertEquals("record:" + ClusterResult.class.getName(), codec.tag());

        ClusterResult back = roundTrip(codec, r);
        assertEquals(r.name(), back.name());
        assertArrayEquals(r.labels(), back.labels());
        assertArrayEquals(r.centroids(), back.centroids());
        assertEquals(r.categories(), back.categories());
        assertEquals(r.scores(), back.scores());
        assertEquals(r.params(), back.params());
        assertEquals(r.history(), back.history());
        assertEquals(List.of("n"), back.summary().columnNames());
        assertNull(back.maybe());
    }

    record WithDate(String name, Date when) {
    }

    record WithBadMap(Map<Integer, String> byId) {
    }

    record WithObjectArray(Object[] things) {
    }

    record Outer(Inner inner) {
    }

    record Inner(StringBuilder text) {
    }

    @Test
    void recordsWithUncodableComponentsAreRejectedUpFront() {
        IllegalArgumentException date = assertThrows(IllegalArgumentException.class,
                () -> Codecs.defaults().forRecord(WithDate.class));
        assertTrue(date.getMessage().contains("WithDate.when has type java.util.Date, which the cache cannot store"),
                date.getMessage());
        assertTrue(date.getMessage().contains("register a Codec"), date.getMessage());

        IllegalArgumentException map = assertThrows(IllegalArgumentException.class,
                () -> Codecs.defaults().forRecord(WithBadMap.class));
        assertTrue(map.getMessage().contains("java.lang.Integer keys"), map.getMessage());

        IllegalArgumentException array = assertThrows(IllegalArgumentException.class,
                () -> Codecs.defaults().forRecord(WithObjectArray.class));
        assertTrue(array.getMessage().contains("WithObjectArray.things has type java.lang.Object[]"), array.getMessage());

        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> Codecs.defaults().forType(Outer.class));
        assertTrue(nested.getMessage().contains("Inner.text has type java.lang.StringBuilder"), nested.getMessage());
    }

    @Test
    void uncodableValuesAreRejectedWhenWrittenAndNothingIsStored() {
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("ok", 1.0);
        cell.put("bad", new StringBuilder("x"));
        CacheKey key = CacheKey.builder("cell", "c1").codeVersion("1").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> writer.getOrCompute(key, Section.CELLS, Codecs.defaults().map(), () -> cell));
        assertTrue(e.getMessage().contains("map entry 'bad': no cache codec for java.lang.StringBuilder"), e.getMessage());
        assertFalse(writer.contains(key));

        Map<Object, Object> intKeys = new HashMap<>();
        intKeys.put(3, "x");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> raw = (Map) intKeys;
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> writer.getOrCompute(key, Section.CELLS, Codecs.defaults().map(), () -> raw));
        assertTrue(k.getMessage().contains("String keys only; found the java.lang.Integer key '3'"), k.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> Codecs.defaults().forType(Thread.class));
        assertTrue(type.getMessage().contains("no cache codec for java.lang.Thread"), type.getMessage());
    }

    @Test
    void namedValuesOfOneCellUnderOneKey() {
        // What per-cell caching in the kernel stores: every variable a cell defined, by name.
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("adata_obs", Table.create("obs", StringColumn.create("barcode", "AAAC-1", "TTTG-1")));
        cell.put("pca", new float[] {1f, 2f, 3f});
        cell.put("n_pcs", 50);
        cell.put("genes", List.of("CD3E", "MS4A1"));
        cell.put("params", new Params("leiden", 15, 0.5, false, 0L, 0f, ' ', (short) 0, (byte) 0));
        cell.put("nested", Map.of("k", List.of(1, "two", 3.0)));
        cell.put("none", null);

        Map<String, Object> back = roundTrip(Codecs.defaults().map(), cell);
        assertEquals(List.copyOf(cell.keySet()), List.copyOf(back.keySet()), "order kept");
        assertEquals(2, ((Table) back.get("adata_obs")).rowCount());
        assertArrayEquals(new float[] {1f, 2f, 3f}, (float[]) back.get("pca"));
        assertEquals(50, back.get("n_pcs"));
        assertEquals(List.of("CD3E", "MS4A1"), back.get("genes"));
        assertEquals(cell.get("params"), back.get("params"));
        assertEquals(Map.of("k", List.of(1, "two", 3.0)), back.get("nested"));
        assertTrue(back.containsKey("none"));
        assertNull(back.get("none"));
    }

    @Test
    void listsOfMixedValuesAndAnyValue() {
        List<Object> mixed = new ArrayList<>(Arrays.asList(1, 2L, "three", new double[] {4}, null, List.of()));
        List<Object> back = roundTrip(Codecs.defaults().list(), mixed);
        assertEquals(1, back.get(0));
        assertEquals(2L, back.get(1));
        assertEquals("three", back.get(2));
        assertArrayEquals(new double[] {4}, (double[]) back.get(3));
        assertNull(back.get(4));
        assertEquals(List.of(), back.get(5));

        Object any = roundTrip(Codecs.defaults().any(), (Object) new int[] {7, 8});
        assertArrayEquals(new int[] {7, 8}, (int[]) any);
    }

    @Test
    void anyReadsAnEntryStoredWithAnotherCodec() {
        CacheKey key = CacheKey.builder("test", "typed").codeVersion("1").build();
        writer.getOrCompute(key, Section.MODEL, Codecs.LONG_ARRAY, () -> new long[] {5, 6});
        Object back = CacheStore.open(tmp).get(key, Codecs.defaults().any()).orElseThrow();
        assertArrayEquals(new long[] {5, 6}, (long[]) back);
    }

    /** A matrix-like class that is not a record, the way pipeline-core registers its matrices. */
    static final class Sparse {
        final int rows;
        final int cols;
        final int[] indptr;
        final int[] indices;
        final float[] data;

        Sparse(int rows, int cols, int[] indptr, int[] indices, float[] data) {
            this.rows = rows;
            this.cols = cols;
            this.indptr = indptr;
            this.indices = indices;
            this.data = data;
        }
    }

    static final Codec<Sparse> SPARSE = Codec.of("test.sparse/1", Sparse.class, (m, out) -> {
        out.writeInt(m.rows);
        out.writeInt(m.cols);
        out.writeIntArray(m.indptr);
        out.writeIntArray(m.indices);
        out.writeFloatArray(m.data);
    }, in -> new Sparse(in.readInt(), in.readInt(), in.readIntArray(), in.readIntArray(), in.readFloatArray()));

    record Fit(String name, Sparse connectivities) {
    }

    @Test
    void registeredCodecsWorkAloneAndInsideRecordsAndMaps() {
        Codecs codecs = Codecs.builtIn().register(SPARSE);
        Sparse m = new Sparse(2, 3, new int[] {0, 1, 3}, new int[] {2, 0, 1}, new float[] {1f, 2f, 3f});
        Sparse back = roundTrip(codecs.forType(Sparse.class), m);
        assertArrayEquals(m.indptr, back.indptr);
        assertArrayEquals(m.data, back.data);

        Fit fit = roundTrip(codecs.forRecord(Fit.class), new Fit("knn", m));
        assertArrayEquals(m.indices, fit.connectivities().indices);

        assertThrows(IllegalArgumentException.class, () -> Codecs.builtIn().forRecord(Fit.class),
                "without the registration the record is rejected");
    }

    @Test
    void providersOnTheClassPathAreInTheDefaults() {
        // src/test/resources/META-INF/services lists TestCodecProvider, which contributes SPARSE.
        assertEquals("test.sparse/1", Codecs.defaults().forType(Sparse.class).tag());
    }

    @Test
    void registrationConflictsAreRefused() {
        Codecs codecs = Codecs.builtIn().register(SPARSE);
        codecs.register(Codec.of("test.sparse/1", Sparse.class, (m, out) -> { }, in -> null)); // same tag and type: no-op
        assertEquals(SPARSE, codecs.forType(Sparse.class));
        IllegalArgumentException tag = assertThrows(IllegalArgumentException.class,
                () -> codecs.register(Codec.of("test.sparse/1", Fit.class, (m, out) -> { }, in -> null)));
        assertTrue(tag.getMessage().contains("already registered"), tag.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> codecs.register(Codec.of("test.sparse/2", Sparse.class, (m, out) -> { }, in -> null)));
        assertTrue(type.getMessage().contains("already has codec 'test.sparse/1'"), type.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> codecs.register(Codec.of("record:x", Sparse.class, (m, out) -> { }, in -> null)));
    }

    @Test
    void scalarsInsideContainersKeepTheirTypes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", true);
        m.put("y", (byte) 1);
        m.put("s", (short) 2);
        m.put("c", 'c');
        m.put("i", 3);
        m.put("l", 4L);
        m.put("f", 5f);
        m.put("d", 6.0);
        Map<String, Object> back = roundTrip(Codecs.defaults().map(), m);
        assertEquals(m, back);
        assertInstanceOf(Short.class, back.get("s"));
        assertInstanceOf(Float.class, back.get("f"));
    }
}
