package org.cellbook.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.cellbook.core.BadInputException;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import org.cellbook.core.model.split.GroupKFold;
import org.cellbook.core.model.split.GroupSplitter;
import org.cellbook.core.model.split.Groups;
import org.cellbook.core.model.split.LeaveOneGroupOut;
import org.cellbook.core.model.split.Split;
import org.cellbook.core.model.split.StratifiedGroupKFold;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splits identical to scikit-learn's on random cases with tied group sizes and unbalanced classes. */
class SplittersMatchSklearnTest {
    private static final String SCRIPT = """
            import sys, numpy as np
            from sklearn.model_selection import GroupKFold, StratifiedGroupKFold, LeaveOneGroupOut
            out, n_cases = sys.argv[1], int(sys.argv[2])
            rng = np.random.default_rng(7)
            def fold_of(splitter, y, g):
                f = np.full(len(y), -1, dtype=np.int64)
                for k, (tr, te) in enumerate(splitter.split(np.zeros((len(y), 1)), y, g)):
                    assert (f[te] == -1).all()
                    f[te] = k
                    assert np.array_equal(np.sort(np.concatenate([tr, te])), np.arange(len(y)))
                return f
            for c in range(n_cases):
                n_groups = int(rng.integers(3, 10))
                sizes = rng.choice([2, 3, 5, 8, 13], size=n_groups)  # ties on purpose
                ids = rng.permutation(np.arange(100, 100 + 3 * n_groups, 3))[:n_groups]
                g = np.repeat(ids, sizes)
                rate = rng.uniform(0, 1, size=n_groups)
                y = (rng.uniform(size=len(g)) < np.repeat(rate, sizes)).astype(np.int64)
                if c % 4 == 0:
                    y = np.repeat((rate > 0.5).astype(np.int64), sizes)  # labels constant per patient
                if len(np.unique(y)) < 2:
                    y[0] = 1 - y[0]
                order = rng.permutation(len(g))  # samples not grouped contiguously
                g, y = g[order], y[order]
                np.save(f"{out}/c{c}_g.npy", g)
                np.save(f"{out}/c{c}_y.npy", y)
                np.save(f"{out}/c{c}_logo.npy", fold_of(LeaveOneGroupOut(), y, g))
                np.save(f"{out}/c{c}_gkf.npy", fold_of(GroupKFold(n_splits=3), y, g))
                np.save(f"{out}/c{c}_sgkf.npy", fold_of(StratifiedGroupKFold(n_splits=3), y, g))
            """;

    @Test
    void allThreeSplittersMatchSklearnSplitForSplit(@TempDir Path dir) {
        int nCases = 40;
        PythonEnv.project().runScript(SCRIPT, dir.toString(), Integer.toString(nCases)).orThrow("sklearn splits");
        for (int c = 0; c < nCases; c++) {
            int[] g = Npy.read(dir.resolve("c" + c + "_g.npy")).asInts();
            int[] y = Npy.read(dir.resolve("c" + c + "_y.npy")).asInts();
            Groups groups = Groups.ofInts(g);
            check(dir, c, "logo", new LeaveOneGroupOut(), y, groups);
            check(dir, c, "gkf", new GroupKFold(3), y, groups);
            check(dir, c, "sgkf", new StratifiedGroupKFold(3), y, groups);
        }
    }

    private static void check(Path dir, int c, String name, GroupSplitter splitter, int[] y, Groups groups) {
        int[] expected = Npy.read(dir.resolve("c" + c + "_" + name + ".npy")).asInts();
        List<Split> splits = splitter.split(y, groups);
        int[] fold = new int[y.length];
        java.util.Arrays.fill(fold, -1);
        for (int k = 0; k < splits.size(); k++) {
            Split s = splits.get(k);
            for (int i : s.test()) {
                fold[i] = k;
            }
            int[] all = java.util.stream.IntStream.concat(java.util.Arrays.stream(s.train()), java.util.Arrays.stream(s.test())).sorted().toArray();
            assertArrayEquals(java.util.stream.IntStream.range(0, y.length).toArray(), all, name + " case " + c + " split " + k + " is not a partition");
            assertArrayEquals(java.util.Arrays.stream(s.train()).sorted().toArray(), s.train(), "train indices ascending");
        }
        assertArrayEquals(expected, fold, name + " case " + c + " differs from sklearn");
    }

    @Test
    void stringGroupsSortLikeNumpy() {
        Groups g = Groups.of(new String[] {"P10", "P2", "P10", "A"});
        assertEquals(List.of("A", "P10", "P2"), g.labels());
        assertArrayEquals(new int[] {1, 2, 1, 0}, g.codes());
    }

    @Test
    void leaveOneGroupOutNeedsTwoGroups() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new LeaveOneGroupOut().split(new int[] {0, 1}, Groups.ofInts(new int[] {5, 5})));
        assertEquals("parameter 'groups'", e.where());
    }

    @Test
    void groupKFoldNeedsAsManyGroupsAsSplits() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new GroupKFold(3).split(new int[] {0, 1, 0}, Groups.ofInts(new int[] {1, 2, 2})));
        assertEquals("parameter 'n_splits'", e.where());
    }

    @Test
    void stratifiedGroupKFoldRejectsTooFewMembersInEveryClass() {
        assertThrows(BadInputException.class,
                () -> new StratifiedGroupKFold(3).split(new int[] {0, 1, 0, 1}, Groups.ofInts(new int[] {1, 2, 3, 4})));
    }

    @Test
    void fewerThanTwoSplitsIsRejected() {
        assertThrows(BadInputException.class, () -> new GroupKFold(1));
        assertThrows(BadInputException.class, () -> new StratifiedGroupKFold(1));
    }
}
