package org.cellbook.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cellbook.core.env.PythonEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AdjustedRand#score} against scikit-learn's adjusted_rand_score, run in the venv on the same labels. */
class AdjustedRandTest {
    private static final String SKLEARN = """
            import json, sys
            from sklearn.metrics import adjusted_rand_score
            cases = json.load(open(sys.argv[1]))
            json.dump([adjusted_rand_score(a, b) for a, b in cases], open(sys.argv[2], "w"))
            """;

    @Test
    void matchesScikitLearn(@TempDir Path tmp) throws Exception {
        List<List<List<Integer>>> cases = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int[] c : new int[][] {{200, 3, 3}, {500, 8, 5}, {50, 2, 10}, {1000, 12, 12}}) {
            List<Integer> a = new ArrayList<>();
            List<Integer> b = new ArrayList<>();
            for (int i = 0; i < c[0]; i++) {
                int x = r.nextInt(c[1]);
                a.add(x);
                // Mostly agreeing partitions with noise, so scores spread over (0, 1).
                b.add(r.nextDouble() < 0.7 ? (x * 7) % c[2] : r.nextInt(c[2]));
            }
            cases.add(List.of(a, b));
        }
        cases.add(List.of(List.of(0, 0, 0, 0), List.of(1, 1, 1, 1)));      // one cluster each: sklearn's special case 1.0
        cases.add(List.of(List.of(0, 1, 2, 3), List.of(3, 2, 1, 0)));      // all singletons
        cases.add(List.of(List.of(0, 0, 0, 0), List.of(0, 1, 2, 3)));      // one cluster vs singletons
        cases.add(List.of(List.of(0, 0, 1, 1, 2, 2), List.of(0, 1, 0, 1, 0, 1)));
        ObjectMapper json = new ObjectMapper();
        Path in = tmp.resolve("cases.json");
        Path out = tmp.resolve("ari.json");
        json.writeValue(in.toFile(), cases);
        PythonEnv.project().runScript(SKLEARN, in.toString(), out.toString()).orThrow("sklearn adjusted_rand_score");
        double[] expected = json.readValue(Files.readAllBytes(out), double[].class);
        assertEquals(cases.size(), expected.length);
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(expected[i], AdjustedRand.score(cases.get(i).get(0), cases.get(i).get(1)), 1e-12, "case " + i);
        }
    }
}
