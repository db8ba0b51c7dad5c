package org.cellbook.core.model.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.model.cv.CvResults;
import org.cellbook.core.model.cv.FoldExecutor;
import org.cellbook.core.model.cv.FoldResult;
import org.cellbook.core.model.cv.ModelPlan;
import org.cellbook.core.model.cv.ModelSpec;
import org.cellbook.core.model.cv.NestedLopo;
import org.cellbook.core.model.cv.ProgressListener;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.search.ParamDistribution;
import org.cellbook.core.model.search.SearchSpace;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** A deep family runs in the same nested leave-one-patient-out CV and executors as the classic ones. */
class DeepInNestedCvTest {
    static FeatureSet sequences() {
        SyntheticCdr3 d = SyntheticCdr3.sequences(240, 8, 10, 4, 21);
        int n = d.x().length;
        int p = d.x()[0].length;
        float[] data = new float[n * p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                data[i * p + j] = (float) d.x()[i][j];
            }
        }
        List<String> names = IntStream.range(0, p).mapToObj(j -> "onehot_" + j).toList();
        return new FeatureSet("cdr3_onehot", new DenseMatrix(n, p, data), names, IntStream.range(0, n).toArray(), d.y(),
                d.patients(), List.of());
    }

    @Test
    void cnnRunsInNestedLopoWithAnyExecutor() {
        ModelSpec cnn = new ModelSpec("cnn", "cnn1d", Map.of("max_epochs", 8, "patience", 2, "batch_size", 32, "learning_rate", 0.005));
        SearchSpace search = SearchSpace.grid(Map.of("filters", ParamDistribution.Choice.of(16, 32)));
        NestedLopo cv = NestedLopo.of(List.of(sequences()), List.of(new ModelPlan(cnn, search)), 5);
        CvResults sequential = cv.run(FoldExecutor.sequential(), ProgressListener.NONE);
        CvResults threaded = cv.run(FoldExecutor.threads(2), ProgressListener.NONE);
        assertEquals(4, sequential.results().size());
        for (int i = 0; i < 4; i++) {
            FoldResult a = sequential.results().get(i);
            FoldResult b = threaded.results().get(i);
            assertTrue(a.ok(), a.reason());
            assertEquals(a.bestParams(), b.bestParams());
            assertEquals(a.probaBits(), b.probaBits(), "deep results do not depend on the executor");
        }
        Table m = sequential.metrics();
        double pooledAuc = m.where(m.stringColumn("fold").isEqualTo("pooled").and(m.stringColumn("level").isEqualTo("cell")))
                .doubleColumn("roc_auc").get(0);
        assertTrue(pooledAuc > 0.8, "pooled held-out-patient ROC-AUC " + pooledAuc);
    }
}
