package org.cellbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.cellbook.kernel.exec.CellFailure;
import org.cellbook.kernel.exec.EvaluatorSettings;
import org.cellbook.kernel.exec.JavaEvaluator;
import org.cellbook.kernel.magic.maven.MavenResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellRunnerTest {
    @TempDir
    Path tmp;
    JavaEvaluator evaluator;
    CellRunner runner;

    @BeforeEach
    void start() {
        evaluator = new JavaEvaluator(EvaluatorSettings.defaults());
        MavenResolver maven = new MavenResolver(tmp.resolve("m2"), List.of(tmp.resolve("remote").toUri().toString()));
        runner = new CellRunner(evaluator, StandardMagics.create(evaluator, maven));
    }

    @AfterEach
    void stop() {
        evaluator.close();
    }

    @Test
    void jarsAndClasspathMagicsMakeClassesUsable() throws Exception {
        Path jar = TestJars.jar(tmp, "demo", "FromJar", "jar value");
        assertEquals("jar value", runner.run(1, "%jars " + tmp + "/*.jar\ndemo.FromJar.value()").value());
        TestJars.jar(tmp, "demo2", "FromDir", "dir value");
        assertEquals("dir value", runner.run(2, "%classpath " + tmp.resolve("classes-FromDir") + "\ndemo2.FromDir.value()").value());
        assertTrue(jar.toFile().isFile());
    }

    @Test
    void mavenMagicResolvesFromTheRepository() throws Exception {
        Path jar = TestJars.jar(tmp, "mvn", "Dep", "from maven");
        TestJars.publish(tmp.resolve("remote"), "org.t", "dep", "1.0", jar, "", "");
        assertEquals("from maven", runner.run(1, "%maven org.t:dep:1.0\nmvn.Dep.value()").value());
        assertTrue(tmp.resolve("m2/org/t/dep/1.0/dep-1.0.jar").toFile().isFile());
    }

    @Test
    void loadFromPomCellMagic() throws Exception {
        Path jar = TestJars.jar(tmp, "pom", "Dep", "from pom");
        TestJars.publish(tmp.resolve("remote"), "org.t", "pomdep", "2", jar, "", "");
        var r = runner.run(1, "%%loadFromPOM\n<dependencies><dependency><groupId>org.t</groupId><artifactId>pomdep</artifactId>"
                + "<version>2</version></dependency></dependencies>");
        assertFalse(r.hasValue());
        assertEquals("from pom", evaluator.evalExpression("pom.Dep.value()"));
    }

    @Test
    void timeMagicsReportWallTimeAndKeepTheValue() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(6, runner.run(1, "%%time\nint t = 3;\nt * 2").value());
            assertEquals(9, runner.run(2, "%time 4 + 5").value());
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.split("Wall time: ", -1).length - 1, out);
    }

    @Test
    void linesAroundMagicsRunInOrder() throws Exception {
        var r = runner.run(1, "int before = 1;\n%lsmagic\nbefore + 1");
        assertEquals(2, r.value());
    }

    @Test
    void moduloAtLineStartIsNotAMagic() throws Exception {
        assertEquals(1, runner.run(1, "int m = 7\n% 3;\nm").value());
    }

    @Test
    void unknownMagicFails() {
        var f = assertThrows(CellFailure.class, () -> runner.run(1, "%nope"));
        assertTrue(f.evalue().contains("unknown magic %nope"), f.evalue());
    }
}
