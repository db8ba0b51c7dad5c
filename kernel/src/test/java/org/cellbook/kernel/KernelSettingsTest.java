package org.cellbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSettingsTest {
    @Test
    void cellbookVariablesWinOverIjavaOnes(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("a.jshell"), "int a = 1;");
        Files.writeString(tmp.resolve("b.jshell"), "int b = 2;");
        Files.createFile(tmp.resolve("x.jar"));
        var s = KernelSettings.fromEnvironment(Map.of(
                "IJAVA_TIMEOUT", "5000", "CELLBOOK_TIMEOUT", "250",
                "IJAVA_COMPILER_OPTS", "-Xlint:none", "IJAVA_CLASSPATH", tmp + File.separator + "*",
                "IJAVA_STARTUP_SCRIPTS_PATH", tmp + File.separator + "*.jshell",
                "CELLBOOK_STARTUP_SCRIPT", "int c = 3;")).evaluator();
        assertEquals(250, s.timeoutMillis());
        assertEquals(List.of("-Xlint:none"), s.compilerOptions());
        assertEquals(List.of(tmp.resolve("x.jar").toString()), s.classpath());
        assertEquals(List.of("int a = 1;", "int b = 2;", "int c = 3;"), s.startupScripts());
    }

    @Test
    void noVariablesMeansNoTimeoutAndDefaults() {
        var s = KernelSettings.fromEnvironment(Map.of()).evaluator();
        assertEquals(-1, s.timeoutMillis());
        assertTrue(s.imports().contains("tech.tablesaw.api.*"));
    }

    @Test
    void badTimeoutNamesTheVariable() {
        var e = assertThrows(BadInputException.class, () -> KernelSettings.fromEnvironment(Map.of("IJAVA_TIMEOUT", "soon")));
        assertTrue(e.getMessage().contains("TIMEOUT") && e.getMessage().contains("soon"), e.getMessage());
    }

    @Test
    void missingStartupScriptNamesTheFile(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope.jshell");
        var e = assertThrows(BadInputException.class,
                () -> KernelSettings.fromEnvironment(Map.of("CELLBOOK_STARTUP_SCRIPTS_PATH", missing.toString())));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
