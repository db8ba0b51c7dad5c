package org.cellbook.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cellbook.cache.CacheStore;
import org.cellbook.cache.Codecs;
import org.cellbook.cache.Section;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.provenance.RunManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepRunnerTest {
    @TempDir
    Path dir;

    record Scale(double factor) {
    }

    private static AnnData scale(AnnData a, Scale p) {
        return a.withX(((CsrMatrix) a.x()).mapValues((r, c, v) -> (float) (v * p.factor())));
    }

    /** A two-step pipeline: "load" a small matrix from a file, then scale it; returns which steps computed. */
    private List<Boolean> pipeline(CacheStore store, Path input, double f1, double f2) {
        StepRunner runner = new StepRunner(store, line -> { });
        Tracked<AnnData> loaded = runner.run(StepRunner.Step.of("load", Section.DATA, "1").files(List.of(input)),
                org.cellbook.core.data.DataCodecs.ANNDATA, () -> {
                    try {
                        float v = Float.parseFloat(Files.readString(input).trim());
                        CsrMatrix x = CsrMatrix.fromDense(DenseMatrix.ofRows(new double[][] {{v, 0}, {0, v}}));
                        return AnnData.builder(x, List.of("c1", "c2"), List.of("g1", "g2")).build();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        Tracked<AnnData> a = runner.apply("scale_a", Section.PREPROCESS, "1", loaded, new Scale(f1), StepRunnerTest::scale);
        runner.apply("scale_b", Section.PREPROCESS, "1", a, new Scale(f2), StepRunnerTest::scale);
        List<Boolean> computed = new ArrayList<>();
        for (RunManifest.StepRecord r : runner.records()) {
            computed.add(!r.cacheHit());
        }
        return computed;
    }

    @Test
    void recomputesExactlyWhatChanged() throws Exception {
        Path input = dir.resolve("value.txt");
        Files.writeString(input, "3");
        CacheStore store = CacheStore.open(dir.resolve("cache"));
        assertEquals(List.of(true, true, true), pipeline(store, input, 2, 5), "cold run");
        assertEquals(List.of(false, false, false), pipeline(store, input, 2, 5), "warm run: all hits");
        assertEquals(List.of(false, false, true), pipeline(store, input, 2, 7), "last step's parameter changed");
        assertEquals(List.of(false, true, true), pipeline(store, input, 4, 7), "middle step changed: it and below");
        Files.setLastModifiedTime(input, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertEquals(List.of(false, false, false), pipeline(store, input, 4, 7), "touching the input changes nothing");
        Files.writeString(input, "9");
        assertEquals(List.of(true, true, true), pipeline(store, input, 4, 7), "new input content: everything");
        assertEquals(List.of(true, true, true), pipeline(CacheStore.disabled(), input, 4, 7), "cache off");
    }

    @Test
    void anUnstoredStepRunsOnlyWhenItsValueIsReadAndIsRecordedThen() {
        StepRunner runner = new StepRunner(CacheStore.open(dir.resolve("c3")), line -> { });
        CsrMatrix x = CsrMatrix.fromDense(DenseMatrix.ofRows(new double[][] {{1, 0}, {0, 2}}));
        Tracked<AnnData> in = new Tracked<>(AnnData.builder(x, List.of("c1", "c2"), List.of("g1", "g2")).build(),
                runner.store().key("data", "in").codeVersion("1").build());
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Tracked<AnnData> doubled = runner.applyUnstored("double", Section.PREPROCESS, "1", in, new Scale(2), (a, p) -> {
            calls.incrementAndGet();
            return scale(a, p);
        });
        assertEquals(0, calls.get(), "nothing asked for it yet");
        assertEquals(List.of(), runner.records());
        Tracked<AnnData> again = runner.apply("halve", Section.PREPROCESS, "1", doubled, new Scale(0.5), StepRunnerTest::scale);
        assertEquals(1, calls.get());
        assertEquals(List.of("double", "halve"), runner.records().stream().map(RunManifest.StepRecord::id).toList(),
                "the unstored input is recorded, as computed, before the step that read it");
        assertEquals(2f, ((CsrMatrix) again.value().x()).get(1, 1));
        assertEquals(false, runner.store().contains(doubled.key()), "never written to the cache");
        assertEquals(true, runner.store().contains(again.key()));
    }

    @Test
    void paramsRecordBecomesKeyParameters() {
        record Inner(int k, String mode) {
        }
        record Outer(Double targetSum, Inner inner, List<Integer> sizes) {
        }
        Map<String, Object> p = StepParams.of(new Outer(null, new Inner(3, "x"), List.of(1, 2)));
        assertEquals(java.util.Arrays.asList(null, Map.of("k", 3, "mode", "x"), List.of(1, 2)), new ArrayList<>(p.values()));
        assertEquals(List.of("target_sum", "inner", "sizes"), new ArrayList<>(p.keySet()));
        CacheStore store = CacheStore.open(dir.resolve("c2"));
        StepRunner r = new StepRunner(store, line -> { });
        // The same params give the same key; a different nested value a different one.
        var k1 = r.keyOf(StepRunner.Step.of("s", Section.DATA, "1").params(p));
        var k2 = r.keyOf(StepRunner.Step.of("s", Section.DATA, "1").params(StepParams.of(new Outer(null, new Inner(3, "x"), List.of(1, 2)))));
        var k3 = r.keyOf(StepRunner.Step.of("s", Section.DATA, "1").params(StepParams.of(new Outer(null, new Inner(4, "x"), List.of(1, 2)))));
        assertEquals(k1, k2);
        org.junit.jupiter.api.Assertions.assertNotEquals(k1, k3);
        assertEquals("x", r.run(StepRunner.Step.of("str", Section.DATA, "1"), Codecs.STRING, () -> "x").value());
    }
}
