package org.cellbook.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.config.PipelineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunContextTest {
    @AfterEach
    void uninstall() {
        RunContext.install(null);
    }

    @Test
    void layersApplyInOrderAndPathsResolveAgainstTheConfigFolder(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("cfg/config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "qc:\n  min_genes: 100\n  min_cells: 5\ndata:\n  results_dir: out\n");
        RunContext ctx = RunContext.create(config, Map.of("CELLBOOK_QC__MIN_CELLS", "7"), List.of("qc.min_genes=300"),
                tmp.resolve("cache"), false, PipelineConfig.ExecutorKind.SEQUENTIAL, 1, line -> { });
        assertEquals(300, ctx.config().qc().minGenes(), "-p beats the file");
        assertEquals(7, ctx.config().qc().minCells(), "environment beats the file");
        assertEquals(tmp.resolve("cfg/out"), ctx.resultsDir());
        assertTrue(ctx.cache().enabled());
        assertEquals(PipelineConfig.ExecutorKind.SEQUENTIAL, ctx.executorKind());
    }

    @Test
    void noCacheDisablesTheStore(@TempDir Path tmp) {
        RunContext ctx = RunContext.create(null, Map.of(), List.of(), tmp, true, null, null, line -> { });
        assertFalse(ctx.cache().enabled());
    }

    @Test
    void anInstalledContextIsWhatCellsSee(@TempDir Path tmp) {
        RunContext ctx = RunContext.create(null, Map.of(), List.of(), tmp, true, null, null, line -> { });
        RunContext.install(ctx);
        assertSame(ctx, RunContext.current("some/other/config.yaml"), "a headless run ignores the notebook's own path");
    }

    @Test
    void aBadOverrideNamesTheKey(@TempDir Path tmp) {
        BadInputException e = assertThrows(BadInputException.class, () ->
                RunContext.create(null, Map.of(), List.of("qc.min_genez=3"), tmp, true, null, null, line -> { }));
        assertTrue(e.getMessage().contains("min_genez"), e.getMessage());
    }

    @Test
    void autoIsThreadsWithoutARayAddress(@TempDir Path tmp) {
        RunContext ctx = RunContext.create(null, Map.of(), List.of(), tmp, true, PipelineConfig.ExecutorKind.AUTO, 2,
                null, line -> { });
        assertEquals(PipelineConfig.ExecutorKind.THREADS, ctx.executorKind());
        assertEquals("ThreadPoolExecutor", ctx.foldExecutor().getClass().getSimpleName());
    }

    @Test
    void autoIsRayWithAnAddressFromTheOptionTheConfigOrRayAddress(@TempDir Path tmp) {
        Map<String, String> env = Map.of("RAY_ADDRESS", "10.0.0.3:6379");
        RunContext fromEnv = RunContext.create(null, env, List.of(), tmp, true, null, null, null, line -> { });
        assertEquals(PipelineConfig.ExecutorKind.RAY, fromEnv.executorKind(), "the config's executor is auto");
        assertEquals("10.0.0.3:6379", fromEnv.rayAddress());
        RunContext fromConfig = RunContext.create(null, env, List.of("execution.ray_address=10.0.0.2:6379"), tmp, true,
                null, null, null, line -> { });
        assertEquals("10.0.0.2:6379", fromConfig.rayAddress(), "the config beats RAY_ADDRESS");
        RunContext fromOption = RunContext.create(null, env, List.of("execution.ray_address=10.0.0.2:6379"), tmp, true,
                PipelineConfig.ExecutorKind.AUTO, null, "10.0.0.1:6379", line -> { });
        assertEquals("10.0.0.1:6379", fromOption.rayAddress(), "--ray-address beats everything");
        assertEquals(PipelineConfig.ExecutorKind.RAY, fromOption.executorKind());
    }

    @Test
    void rayWithoutAnAddressIsBadInputNamingTheWaysToGiveOne(@TempDir Path tmp) {
        BadInputException e = assertThrows(BadInputException.class, () -> RunContext.create(null, Map.of(), List.of(),
                tmp, true, PipelineConfig.ExecutorKind.RAY, null, null, line -> { }));
        assertTrue(e.getMessage().contains("RAY_ADDRESS") && e.getMessage().contains("--ray-address")
                && e.getMessage().contains("cellbook ray start"), e.getMessage());
    }

    @Test
    void rayCpusPerTaskMustBePositive(@TempDir Path tmp) {
        BadInputException e = assertThrows(BadInputException.class, () -> RunContext.create(null, Map.of(),
                List.of("execution.ray_cpus_per_task=0"), tmp, true, null, null, null, line -> { }));
        assertTrue(e.getMessage().contains("ray_cpus_per_task"), e.getMessage());
    }
}
