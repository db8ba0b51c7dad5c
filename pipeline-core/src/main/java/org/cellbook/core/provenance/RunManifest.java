package org.cellbook.core.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.cellbook.core.config.Doc;
import org.cellbook.core.config.Nullable;

/**
 * What a run was: enough to trace any number in its outputs back to code, data, configuration
 * and environment (in the spirit of Tribuo's provenance records). Written as JSON next to every
 * run's outputs; {@link #SCHEMA_VERSION} changes whenever a field changes meaning or is removed.
 */
@Doc("Cellbook run manifest")
public record RunManifest(
        @Doc("Schema version of this manifest") int schemaVersion,
        @Doc("Unique id of the run (UTC timestamp plus a random suffix)") String runId,
        @Doc("What ran: a notebook path, or a pipeline name") String target,
        @Doc("ISO-8601 start time (UTC)") String started,
        @Doc("ISO-8601 end time (UTC), null while running") String ended,
        @Doc("running, succeeded or failed") String status,
        @Doc("Source control state of the project") Git git,
        @Doc("Machine and runtime") Environment environment,
        @Doc("Resolved dependency set") Dependencies dependencies,
        @Doc("Input files with content hashes") List<FileRecord> inputs,
        @Doc("Resolved configuration (all layers applied)") JsonNode config,
        @Doc("Where each non-default config value came from") Map<String, String> configSources,
        @Doc("Global seed") long seed,
        @Doc("Per-cell or per-step timings and cache use") List<StepRecord> steps,
        @Doc("Cache statistics of the run, or null when the cache was off") JsonNode cache,
        @Doc("Files the run wrote, with content hashes") List<FileRecord> outputs,
        @Doc("Why the run failed, or null") @Nullable Failure failure) {

    public static final int SCHEMA_VERSION = 1;

    @Doc("Git state")
    public record Git(@Doc("HEAD commit, or null outside a repository") String commit,
                      @Doc("Uncommitted changes present") boolean dirty) {
    }

    @Doc("Runtime environment")
    public record Environment(String jdkVendor, String jdkVersion, String os, String osVersion, String arch,
                              int cpus, String cpuModel, long maxHeapBytes, String cellbookVersion) {
    }

    @Doc("Dependencies: the jars on the class path and a hash over their names and sizes")
    public record Dependencies(@Doc("SHA-256 over the sorted jar names and sizes") String hash,
                               @Doc("Jar file names, sorted") List<String> jars) {
    }

    @Doc("A file and its content")
    public record FileRecord(String path, long bytes, @Doc("SHA-256 of the content") String sha256) {
    }

    @Doc("One executed cell or step")
    public record StepRecord(@Doc("Cell index or step name") String id,
                             @Doc("Short description (first source line)") String label,
                             @Doc("Wall time in seconds") double seconds,
                             @Doc("Served from the cache") boolean cacheHit,
                             @Doc("ok, error or skipped") String status) {
    }

    @Doc("The failure that ended a run")
    public record Failure(@Doc("Cell index or step name") String where, String error, String message) {
    }
}
