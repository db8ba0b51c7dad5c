package org.cellbook.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class AnnDataTest {
    private static AnnData small() {
        CsrMatrix x = CsrMatrix.fromDense(DenseMatrix.ofRows(new double[][] {{1, 0, 2}, {0, 3, 0}, {4, 0, 0}}));
        Table obs = Table.create("obs", StringColumn.create("sample", "a", "a", "b"));
        return AnnData.builder(x, List.of("c1", "c2", "c3"), List.of("g1", "g2", "g3")).obs(obs).build();
    }

    @Test
    void withMethodsShareUnchangedParts() {
        AnnData a = small();
        AnnData b = a.withObsColumn(DoubleColumn.create("score", 1, 2, 3));
        assertSame(a.x(), b.x());
        assertSame(a.obs().column("sample"), b.obs().column("sample"));
        assertEquals(1, a.obs().columnCount(), "the original's obs must not change");
        assertEquals(2, b.obs().columnCount());
    }

    @Test
    void subsetsFollowEveryPart() {
        AnnData a = small().withObsm("X_pca", DenseMatrix.ofRows(new double[][] {{1, 1}, {2, 2}, {3, 3}}));
        AnnData s = a.subsetObs(new int[] {2, 0});
        assertEquals(List.of("c3", "c1"), s.obsNames());
        assertEquals("b", s.obs().stringColumn("sample").get(0));
        assertEquals(3f, s.obsm().get("X_pca").get(0, 0));
        assertEquals(4f, s.x().get(0, 0));
        AnnData v = a.subsetVar(new int[] {2});
        assertEquals(List.of("g3"), v.varNames());
        assertEquals(2f, v.x().get(0, 0));
    }

    /** Ascending positions skip the name check (a subset of unique names); repeated ones still get it. */
    @Test
    void subsetWithRepeatedPositionsIsRejectedAsDuplicateNames() {
        AnnData a = small();
        assertEquals(List.of("c1", "c3"), a.subsetObs(new int[] {0, 2}).obsNames());
        assertThrows(IllegalArgumentException.class, () -> a.subsetObs(new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> a.subsetObs(new int[] {2, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> a.subsetVar(new int[] {1, 1}));
    }

    @Test
    void rejectsInconsistentShapesAndDuplicateNames() {
        CsrMatrix x = CsrMatrix.empty(2, 2);
        assertThrows(IllegalArgumentException.class, () -> AnnData.builder(x, List.of("a"), List.of("g1", "g2")).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnnData.builder(x, List.of("a", "b"), List.of("g", "g")).build());
        assertTrue(e.getMessage().contains("var_names"), e.getMessage());
    }

    @Test
    void derivedContainersStillRejectDuplicateNamesTheyBringIn() {
        AnnData a = AnnData.builder(CsrMatrix.empty(2, 2), List.of("c1", "c2"), List.of("g1", "g2")).build();
        assertSame(a.obsNames(), a.withX(CsrMatrix.empty(2, 2)).obsNames(), "unchanged names are taken over");
        assertThrows(IllegalArgumentException.class, () -> a.toBuilder().obsNames(List.of("c", "c")).build());
        assertThrows(IllegalArgumentException.class, () -> a.toBuilder().varNames(new java.util.ArrayList<>(List.of("g", "g"))).build());
    }

    @Test
    void makeUniqueFollowsAnndata() {
        // anndata: ['a','a','a-1','b','a'] -> ['a','a-2','a-1','b','a-3'] (a-1 exists, so it is skipped)
        assertEquals(List.of("a", "a-2", "a-1", "b", "a-3"), Names.makeUnique(List.of("a", "a", "a-1", "b", "a")));
    }
}
