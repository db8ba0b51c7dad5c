package org.cellbook.core.model.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cellbook.core.data.DenseMatrix;
import org.junit.jupiter.api.Test;

class FeatureSetCodecTest {
    private static FeatureSet sample(List<FoldTransform> transforms) {
        float[] x = {1.5f, -0f, Float.NaN, 3e-38f, Float.MAX_VALUE, -2.25f};
        return new FeatureSet("gene_pca+trb", new DenseMatrix(3, 2, x), List.of("PC1", "κ-mer"), new int[] {7, 2, 9},
                new int[] {1, 0, 1}, new String[] {"P2", "P10", "P2"}, transforms);
    }

    @Test
    void roundTripKeepsEveryBitAndTheTransforms() {
        FeatureSet fs = sample(List.of(new StandardScaler()));
        FeatureSet back = FeatureSetCodec.decode(FeatureSetCodec.encode(fs));
        assertEquals(fs.name(), back.name());
        assertEquals(fs.featureNames(), back.featureNames());
        assertEquals(3, back.nRows());
        float[] a = fs.x().data();
        float[] b = back.x().data();
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "x[" + i + "]");
        }
        assertArrayEquals(fs.cells(), back.cells());
        assertArrayEquals(fs.labels(), back.labels());
        assertArrayEquals(fs.patients(), back.patients());
        assertEquals(fs.groups().labels(), back.groups().labels());
        assertEquals(fs.describe(), back.describe());
    }

    @Test
    void noTransformsIsFine() {
        assertEquals(List.of(), FeatureSetCodec.decode(FeatureSetCodec.encode(sample(List.of()))).transforms());
    }

    @Test
    void aTransformWithParametersCannotBeShipped() {
        FoldTransform custom = new FoldTransform() {
            @Override
            public Map<String, Object> describe() {
                return Map.of("transform", "svd", "k", 5);
            }

            @Override
            public Fitted fit(double[][] x, int[] cells) {
                return (rows, c) -> rows;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureSetCodec.encode(sample(List.of(custom))));
        assertTrue(e.getMessage().contains("svd"), e.getMessage());
    }

    @Test
    void bytesFromAnotherLayoutAreRefused() {
        byte[] bytes = FeatureSetCodec.encode(sample(List.of()));
        bytes[4] = 9; // version
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureSetCodec.decode(bytes));
        assertTrue(e.getMessage().contains("layout version 9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeatureSetCodec.decode(new byte[] {1, 2, 3}));
    }
}
