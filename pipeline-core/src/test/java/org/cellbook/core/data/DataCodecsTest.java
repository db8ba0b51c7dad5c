package org.cellbook.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cellbook.cache.CacheListener;
import org.cellbook.cache.Codec;
import org.cellbook.cache.CorruptEntry;
import java.util.concurrent.atomic.AtomicInteger;
import org.cellbook.cache.CacheKey;
import org.cellbook.cache.CacheStore;
import org.cellbook.cache.Codecs;
import org.cellbook.cache.Section;
import org.cellbook.core.env.Project;
import org.cellbook.core.io.TenxMtxReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;

class DataCodecsTest {
    @Test
    void annDataSurvivesTheCacheExactly(@TempDir Path dir) {
        AnnData real = TenxMtxReader.read(Project.sharedRealData().resolve("scanpy-10x/3.0.0/filtered_feature_bc_matrix"));
        double[] score = new double[real.nObs()];
        for (int i = 0; i < score.length; i++) {
            score[i] = i * 0.5;
        }
        AnnData a = real.withObsColumn(DoubleColumn.create("score", score))
                .withObsm("X_pca", DenseMatrix.ofRows(new double[real.nObs()][3]))
                .withUns("note", "hello")
                .withObsp("connectivities", CsrMatrix.of(real.nObs(), real.nObs(), identityPointers(real.nObs()),
                        range(real.nObs()), ones(real.nObs())));
        AtomicInteger computed = new AtomicInteger();
        {
            CacheStore store = CacheStore.open(dir);
            CacheKey key = CacheKey.builder("test", "anndata").codeVersion("1").build();
            AnnData first = store.getOrCompute(key, Section.DATA, DataCodecs.ANNDATA, () -> {
                computed.incrementAndGet();
                return a;
            });
            assertSame(a, first);
            AnnData back = store.getOrCompute(key, Section.DATA, DataCodecs.ANNDATA, () -> {
                computed.incrementAndGet();
                return a;
            });
            assertEquals(1, computed.get(), "second call must be a hit");
            assertEquals(a.x(), back.x());
            assertEquals(a.obsNames(), back.obsNames());
            assertEquals(a.varNames(), back.varNames());
            assertEquals(a.obs().columnNames(), back.obs().columnNames());
            assertEquals(a.obs().doubleColumn("score").asList(), back.obs().doubleColumn("score").asList());
            assertEquals(a.var().stringColumn("gene_ids").asList(), back.var().stringColumn("gene_ids").asList());
            assertEquals(a.obsm().get("X_pca"), back.obsm().get("X_pca"));
            assertEquals("hello", back.uns().get("note"));
            assertEquals(a.obsp().get("connectivities"), back.obsp().get("connectivities"));
        }
    }

    @Test
    void multiChunkCsrRoundTripsThroughTheDefaultRegistry(@TempDir Path dir) {
        CsrMatrix.Builder b = new CsrMatrix.Builder(10, 7);
        for (int i = 0; i < 40; i++) {
            b.addSortedRow(new int[] {i % 10}, new float[] {i}, 0, 1);
            b.addSortedRow(new int[] {1, 3, 5}, new float[] {1, 2, 3}, 0, 3);
        }
        CsrMatrix m = b.build();
        CacheStore store = CacheStore.open(dir);
        CacheKey key = CacheKey.builder("test", "csr").codeVersion("1").build();
        // The default registry finds our codec through ServiceLoader.
        var codec = Codecs.defaults().forType(CsrMatrix.class);
        store.getOrCompute(key, Section.DATA, codec, () -> m);
        CsrMatrix back = CacheStore.open(dir).getOrCompute(key, Section.DATA, codec, () -> {
            throw new AssertionError("must be a hit");
        });
        assertEquals(m, back);
        assertEquals(m.chunkCount(), back.chunkCount());
        assertEquals(List.of("core.csr/2", "core.dense/1", "core.anndata/1"),
                new DataCodecs().codecs().stream().map(c -> c.tag()).toList());
    }

    /** Stores {@code m} with the default registry's CSR codec and reads it back from a fresh store. */
    private static final AtomicInteger KEYS = new AtomicInteger();

    private static CsrMatrix roundTrip(Path dir, CsrMatrix m) {
        CacheKey key = CacheKey.builder("test", "csr" + KEYS.incrementAndGet()).codeVersion("1").build();
        var codec = Codecs.defaults().forType(CsrMatrix.class);
        CacheStore.open(dir).getOrCompute(key, Section.DATA, codec, () -> m);
        return CacheStore.open(dir).get(key, codec).orElseThrow(() -> new AssertionError("not stored"));
    }

    private static void assertSameBits(CsrMatrix expected, CsrMatrix actual) {
        assertEquals(expected, actual);
        int[] ei = expected.indicesCopy();
        int[] ai = actual.indicesCopy();
        org.junit.jupiter.api.Assertions.assertArrayEquals(ei, ai);
        float[] ed = expected.dataCopy();
        float[] ad = actual.dataCopy();
        assertEquals(ed.length, ad.length);
        for (int i = 0; i < ed.length; i++) {
            assertEquals(Float.floatToRawIntBits(ed[i]), Float.floatToRawIntBits(ad[i]), "value " + i);
        }
    }

    /** A count-like matrix: rows of random sorted columns, values whole numbers (with empty rows). */
    private static CsrMatrix counts(int rows, int cols, long seed, float extra) {
        Random r = new Random(seed);
        CsrMatrix.Builder b = new CsrMatrix.Builder(cols);
        for (int i = 0; i < rows; i++) {
            int[] c = r.ints(r.nextInt(Math.min(cols, 60)), 0, cols).sorted().distinct().toArray();
            float[] v = new float[c.length];
            for (int q = 0; q < v.length; q++) {
                v[q] = r.nextInt(10) == 0 ? 1 + r.nextInt(100_000) : 1 + r.nextInt(3);
            }
            if (i == rows / 2 && v.length > 0) {
                v[0] = extra;
            }
            b.addSortedRow(c, v, 0, c.length);
        }
        return b.build();
    }

    @Test
    void countsAndFractionsRoundTripBitForBit(@TempDir Path dir) {
        // Whole values (the compact path), then each kind of value that must take the float32 path.
        assertSameBits(counts(300, 20_000, 1, 7f), roundTrip(dir, counts(300, 20_000, 1, 7f)));
        for (float odd : new float[] {0.5f, -0f, Float.NaN, -3f, 1e10f, Float.POSITIVE_INFINITY, 16_777_217f}) {
            CsrMatrix m = counts(200, 5000, 2, odd);
            assertSameBits(m, roundTrip(dir, m));
        }
        // Large whole values and explicit zeros stay exact on the compact path.
        CsrMatrix big = CsrMatrix.of(2, 4, new int[] {0, 3, 4}, new int[] {0, 2, 3, 1},
                new float[] {0f, 2147483648f, 16_777_216f, 1e9f});
        assertSameBits(big, roundTrip(dir, big));
    }

    @Test
    void extremeColumnIndicesAndEmptyMatrices(@TempDir Path dir) {
        int cols = Integer.MAX_VALUE - 8;
        CsrMatrix wide = CsrMatrix.of(3, cols, new int[] {0, 2, 2, 5}, new int[] {0, cols - 1, 1, 2, cols - 2},
                new float[] {1, 2, 3, 4, 5});
        assertSameBits(wide, roundTrip(dir, wide));
        assertSameBits(CsrMatrix.empty(5, 3), roundTrip(dir, CsrMatrix.empty(5, 3)));
        assertSameBits(CsrMatrix.empty(0, 0), roundTrip(dir, CsrMatrix.empty(0, 0)));
    }

    @Test
    void chunksWithDifferentValueKindsRoundTrip(@TempDir Path dir) {
        CsrMatrix.Builder b = new CsrMatrix.Builder(50, 9);
        for (int i = 0; i < 30; i++) {
            float v = i < 12 ? i : i + 0.25f; // early chunks whole, later ones fractional
            b.addSortedRow(new int[] {i % 50, 49}, new float[] {v, 1}, 0, i % 50 == 49 ? 1 : 2);
        }
        CsrMatrix m = b.build();
        assertTrue(m.chunkCount() > 2, "several chunks");
        CsrMatrix back = roundTrip(dir, m);
        assertSameBits(m, back);
        assertEquals(m.chunkCount(), back.chunkCount());
    }

    @Test
    void entriesOfTheFirstCsrLayoutStillRead(@TempDir Path dir) {
        // An AnnData entry written before core.csr/2 holds X as the tag "core.csr/1" and plain arrays.
        CsrMatrix m = counts(100, 3000, 3, 0.5f);
        Codec<CsrMatrix> nestedV1 = Codec.of("test.nested-csr", CsrMatrix.class, (x, out) -> {
            out.writeString("core.csr/1");
            DataCodecs.writeCsrV1(x, out);
        }, in -> (CsrMatrix) Codecs.defaults().readValue(in));
        CacheKey key = CacheKey.builder("test", "legacy").codeVersion("1").build();
        CacheStore.open(dir).getOrCompute(key, Section.DATA, nestedV1, () -> m);
        assertSameBits(m, CacheStore.open(dir).get(key, nestedV1).orElseThrow());
    }

    /** Records what the store reports. */
    private static final class Reports implements CacheListener {
        final List<CorruptEntry> corrupt = new CopyOnWriteArrayList<>();

        @Override
        public void onCorruptEntry(CorruptEntry entry) {
            corrupt.add(entry);
        }

        @Override
        public void onWriteFailed(CacheKey key, Section section, IOException error) {
            throw new AssertionError(error);
        }
    }

    @Test
    void aTruncatedCsrEntryIsReportedAndRecomputed(@TempDir Path dir) throws IOException {
        CsrMatrix m = counts(2000, 20_000, 5, 1f);
        CacheKey key = CacheKey.builder("test", "truncated").codeVersion("1").build();
        Reports reports = new Reports();
        CacheStore store = CacheStore.open(dir, reports);
        store.getOrCompute(key, Section.DATA, DataCodecs.CSR, () -> m);
        try (FileChannel ch = FileChannel.open(dir.resolve("data").resolve(key.hex() + ".bin"), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        AtomicInteger computed = new AtomicInteger();
        CsrMatrix again = CacheStore.open(dir, reports).getOrCompute(key, Section.DATA, DataCodecs.CSR, () -> {
            computed.incrementAndGet();
            return m;
        });
        assertSame(m, again);
        assertEquals(1, computed.get(), "recomputed");
        assertEquals(1, reports.corrupt.size());
        assertTrue(reports.corrupt.getFirst().reason().contains("truncated"), reports.corrupt.getFirst().reason());
    }

    @Test
    void aCsrValueWithAnIndexOutsideTheMatrixIsACorruptEntry(@TempDir Path dir) {
        // Well-checksummed bytes that the CSR reader must still refuse: row 0 of a 1 x 7 matrix at column 25.
        Codec<CsrMatrix> bad = Codec.of("test.bad-csr", CsrMatrix.class, (x, out) -> {
            out.writeInt(1);
            out.writeInt(7);
            out.writeLongArray(new long[] {0, 1});
            out.writeIntArray(new int[] {0, 1});
            out.writeByte(1);
            out.writeVarInts(new int[] {50}, 0, 1); // zigzag(25)
            out.writeByte(1);
            out.writeVarInts(new int[] {3}, 0, 1);
        }, DataCodecs.CSR::read);
        CacheKey key = CacheKey.builder("test", "bad").codeVersion("1").build();
        Reports reports = new Reports();
        CacheStore.open(dir, reports).getOrCompute(key, Section.DATA, bad, () -> CsrMatrix.empty(1, 7));
        assertTrue(CacheStore.open(dir, reports).get(key, bad).isEmpty(), "a bad entry is a miss");
        assertEquals(1, reports.corrupt.size());
        String reason = reports.corrupt.getFirst().reason();
        assertTrue(reason.contains("column index 25 of row 0 is outside [0, 7)"), reason);
    }

    private static int[] identityPointers(int n) {
        int[] p = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            p[i] = i;
        }
        return p;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static float[] ones(int n) {
        float[] f = new float[n];
        java.util.Arrays.fill(f, 1f);
        return f;
    }
}
