package org.cellbook.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
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
        assertEquals(List.of("core.csr/1", "core.dense/1", "core.anndata/1"),
                new DataCodecs().codecs().stream().map(c -> c.tag()).toList());
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
