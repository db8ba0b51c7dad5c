package org.cellbook.core.pp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.env.Project;
import org.cellbook.core.io.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Loess#fit} against skmisc.loess's fitted values (the call scanpy's seurat_v3 makes):
 * the log mean/variance of both djvdj samples and synthetic sets (scRNA-like with many tied
 * means, other spans and degree 1, a noisy curve, 40 distinct x values), all made by
 * loess_reference.py.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoessSkmiscParityTest {
    /**
     * Max |ours - skmisc| / max(1, |skmisc|) (fitted values are log10 variances, some near 0).
     * Measured at most 1.0e-12 (netlib solves the local fits by QR, we by normal equations).
     */
    static final double TOLERANCE = 1e-10;

    Path dir;
    final List<JsonNode> cases = new ArrayList<>();

    @BeforeAll
    void runSkmisc(@TempDir Path tmp) throws IOException {
        dir = tmp;
        try (InputStream in = getClass().getResourceAsStream("loess_reference.py")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            PythonEnv.project().runScript(script, dir.toString(), Project.sharedRealData().resolve("djvdj-splen").toString())
                    .orThrow("skmisc loess reference");
        }
        new ObjectMapper().readTree(dir.resolve("cases.json").toFile()).forEach(cases::add);
    }

    Stream<String> caseNames() {
        return Stream.of("djvdj_BL6_GEX", "djvdj_MD4_GEX", "counts_like", "counts_like_span05_deg1", "deep_counts_span01",
                "sine", "ties");
    }

    @ParameterizedTest
    @MethodSource("caseNames")
    void fittedValuesEqualSkmisc(String name) {
        JsonNode c = cases.stream().filter(n -> n.get("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("loess_reference.py wrote no case " + name));
        double[] x = read(name + "_x");
        double[] y = read(name + "_y");
        double[] expected = read(name + "_fitted");
        double[] actual = Loess.fit(x, y, c.get("span").asDouble(), c.get("degree").asInt());
        assertEquals(expected.length, actual.length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < x.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
            if (!(err <= worst)) {
                worst = err;
                at = i;
            }
        }
        double[] direct = Loess.fitDirect(x, y, c.get("span").asDouble(), c.get("degree").asInt());
        double directWorst = 0;
        for (int i = 0; i < x.length; i++) {
            directWorst = Math.max(directWorst, Math.abs(direct[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
        }
        System.out.printf("Loess vs skmisc %s (n=%d): max error %.3g (surface=direct: %.3g)%n", name, x.length, worst, directWorst);
        assertTrue(worst <= TOLERANCE, name + ": max error " + worst + " at x=" + (at < 0 ? "?" : x[at])
                + " (skmisc " + (at < 0 ? "?" : expected[at]) + ", ours " + (at < 0 ? "?" : actual[at]) + ")");
    }

    private double[] read(String name) {
        try {
            return Npy.read(dir.resolve(name + ".npy")).asDoubles();
        } catch (UncheckedIOException e) {
            throw new AssertionError("missing " + name + ".npy", e);
        }
    }
}
