package org.cellbook.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.cellbook.cache.CacheEntry;
import org.cellbook.cache.CacheListener;
import org.cellbook.cache.CacheLocation;
import org.cellbook.cache.CacheStore;
import org.cellbook.cache.CorruptEntry;
import org.cellbook.cache.Durations;
import org.cellbook.cache.PruneReport;
import org.cellbook.cache.Section;
import org.cellbook.cache.Sizes;
import org.cellbook.cache.VerifyReport;
import org.cellbook.core.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cellbook cache ls|stats|clear|verify|prune}: look after the content-addressed cache. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = {"Inspect and maintain the cache of step, fold and cell outputs.",
                "The cache is --cache-dir, else $CELLBOOK_CACHE_DIR, else .cellbook/cache in the working directory."},
        subcommands = {CacheCommand.Ls.class, CacheCommand.Stats.class, CacheCommand.Clear.class,
                CacheCommand.Verify.class, CacheCommand.Prune.class})
final class CacheCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The {@code --cache-dir} option every subcommand takes. */
    static final class CacheDirOption {
        @Option(names = "--cache-dir", paramLabel = "DIR",
                description = "Cache directory (default: $CELLBOOK_CACHE_DIR, else .cellbook/cache).")
        Path dir;
    }

    /** What the subcommands share: the location, the output, opening the store. */
    abstract static class CacheSubcommand implements Callable<Integer> {
        @Mixin
        CacheDirOption location;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        Path dir() {
            return CacheLocation.resolve(location.dir);
        }

        /** The store, or null (after saying so) when there is no cache yet: nothing is created by looking. */
        CacheStore openExisting() {
            Path dir = dir();
            if (!Files.exists(dir)) {
                out().println("no cache at " + dir);
                return null;
            }
            if (!Files.isDirectory(dir)) {
                throw BadInputException.parameter("--cache-dir", dir + " is not a directory",
                        "Point --cache-dir (or " + CacheLocation.ENV + ") at a cache directory");
            }
            return CacheStore.open(dir, CacheListener.silent());
        }

        static Section section(String option, String name) {
            try {
                return Section.parse(name);
            } catch (IllegalArgumentException e) {
                throw BadInputException.parameter(option, "unknown cache section '" + name + "'",
                        "Use one of " + Section.names());
            }
        }

        static long sum(List<CacheEntry> entries) {
            return entries.stream().mapToLong(CacheEntry::diskBytes).sum();
        }

        /** "1 entry", "2 entries". */
        static String count(long n, String one, String many) {
            return n + " " + (n == 1 ? one : many);
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List entries, least recently used first.")
    static final class Ls extends CacheSubcommand {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

        @Option(names = "--section", paramLabel = "SECTION", description = "Only this section: data, preprocess,"
                + " features, cluster, model or cells.")
        String section;

        @Override
        public Integer call() {
            Section only = section == null ? null : section("--section", section);
            CacheStore store = openExisting();
            if (store == null) {
                return Main.EXIT_OK;
            }
            List<CacheEntry> entries = only == null ? store.entries() : store.entries(only);
            if (entries.isEmpty()) {
                out().println("no entries" + (only == null ? "" : " in section " + only.dirName()) + " in " + dir());
                return Main.EXIT_OK;
            }
            String format = "%-12s  %-10s  %-36s  %10s  %-16s  %10s%n";
            out().printf(format, "KEY", "SECTION", "NAME", "SIZE", "LAST USED", "COMPUTE");
            for (CacheEntry e : entries) {
                out().printf(format, e.key().substring(0, 12), e.section().dirName(),
                        e.metadata().kind() + "/" + e.metadata().name(), Sizes.format(e.diskBytes()),
                        TIME.format(e.lastUsed()), Durations.format(e.metadata().computeMillis()));
            }
            out().println(count(entries.size(), "entry", "entries") + ", " + Sizes.format(sum(entries)) + " in " + dir());
            return Main.EXIT_OK;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Entries, sizes and stored compute time per section.")
    static final class Stats extends CacheSubcommand {
        @Override
        public Integer call() throws IOException {
            CacheStore store = openExisting();
            if (store == null) {
                return Main.EXIT_OK;
            }
            out().println("cache " + dir());
            String format = "%-12s %8s %12s %12s %14s%n";
            out().printf(format, "SECTION", "ENTRIES", "SIZE", "VALUES", "COMPUTE TIME");
            long entries = 0;
            long disk = 0;
            long values = 0;
            long millis = 0;
            for (Section s : Section.values()) {
                List<CacheEntry> list = store.entries(s);
                long d = sum(list);
                long v = list.stream().mapToLong(e -> e.metadata().valueBytes()).sum();
                long m = list.stream().mapToLong(e -> e.metadata().computeMillis()).sum();
                out().printf(format, s.dirName(), list.size(), Sizes.format(d), Sizes.format(v), Durations.format(m));
                entries += list.size();
                disk += d;
                values += v;
                millis += m;
            }
            out().printf(format, "total", entries, Sizes.format(disk), Sizes.format(values), Durations.format(millis));
            out().println("SIZE is on disk (LZ4-compressed, with metadata); VALUES before compression;"
                    + " COMPUTE TIME is what the entries took to compute.");
            Path quarantine = dir().resolve("quarantine");
            if (Files.isDirectory(quarantine)) {
                long files;
                long bytes = 0;
                try (Stream<Path> list = Files.list(quarantine)) {
                    List<Path> all = list.toList();
                    files = all.size();
                    for (Path p : all) {
                        bytes += Files.size(p);
                    }
                }
                if (files > 0) {
                    out().println("quarantine: " + count(files, "file", "files") + ", " + Sizes.format(bytes)
                            + " (corrupt entries moved aside; 'cellbook cache prune' removes them)");
                }
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = {"Remove every entry of the given sections, or of all sections.",
                    "Without sections it also removes quarantined and stale temporary files.",
                    "With --step only that step's entries go (it is recomputed when next needed)."})
    static final class Clear extends CacheSubcommand {
        @Parameters(paramLabel = "SECTION", arity = "0..*",
                description = "data, preprocess, features, cluster, model or cells (default: all)")
        List<String> sections = new ArrayList<>();

        @Option(names = "--step", paramLabel = "NAME",
                description = {"only entries of this step (repeatable): a step name as in the run log (e.g. pca,"
                        + " nested_cv), or a part of a fold task's id (logreg clears every fold task of the"
                        + " logreg model, gene_pca/logreg those on one feature set)"})
        List<String> steps = new ArrayList<>();

        /** True when an entry named {@code name} belongs to {@code step}: same name, a '/'-prefix or a '/'-part. */
        static boolean matchesStep(String name, String step) {
            if (name == null || step.isEmpty()) {
                return false;
            }
            return name.equals(step) || name.startsWith(step + "/") || List.of(name.split("/")).contains(step);
        }

        @Override
        public Integer call() {
            Set<Section> chosen = new LinkedHashSet<>();
            for (String s : sections) {
                chosen.add(section("SECTION", s));
            }
            for (String step : steps) {
                if (step.isBlank()) {
                    throw BadInputException.parameter("--step", "the step name is empty",
                            "give a step name as printed in the run log, e.g. --step pca");
                }
            }
            if (!steps.isEmpty()) {
                CacheStore store = openExisting();
                if (store == null) {
                    return Main.EXIT_OK;
                }
                int removed = store.clearWhere(m -> (chosen.isEmpty() || chosen.contains(m.section()))
                        && steps.stream().anyMatch(st -> matchesStep(m.name(), st)));
                out().println("removed " + count(removed, "entry", "entries") + " of step"
                        + (steps.size() == 1 ? " " : "s ") + String.join(", ", steps) + " in " + dir());
                return Main.EXIT_OK;
            }
            boolean all = chosen.isEmpty();
            if (all) {
                chosen.addAll(List.of(Section.values()));
            }
            CacheStore store = openExisting();
            if (store == null) {
                return Main.EXIT_OK;
            }
            Map<Section, Long> bytes = new EnumMap<>(Section.class);
            int removed = 0;
            for (Section s : chosen) {
                bytes.put(s, sum(store.entries(s)));
                removed += store.clear(s);
            }
            int other = all ? store.prune(Long.MAX_VALUE).removedOther() : 0;
            long freed = bytes.values().stream().mapToLong(Long::longValue).sum();
            out().println("removed " + count(removed, "entry", "entries") + " (" + Sizes.format(freed)
                    + ") from " + (all ? "all sections" : String.join(", ", chosen.stream().map(Section::dirName).toList()))
                    + (other > 0 ? " and " + count(other, "leftover file", "leftover files") : "") + " in " + dir());
            return Main.EXIT_OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check every entry's checksum and metadata; move bad entries to quarantine/",
                    "(they are recomputed when next needed) and remove stale temporary files.",
                    "Exit code 1 when any entry was bad."})
    static final class Verify extends CacheSubcommand {
        @Override
        public Integer call() {
            CacheStore store = openExisting();
            if (store == null) {
                return Main.EXIT_OK;
            }
            VerifyReport report = store.verify();
            for (CorruptEntry bad : report.corrupt()) {
                out().println("BAD " + bad.key().substring(0, 12) + " " + bad.section().dirName() + ": " + bad.reason()
                        + (bad.quarantinedTo() == null ? "" : " (moved to " + bad.quarantinedTo() + ")"));
            }
            out().println("checked " + count(report.checked(), "entry", "entries") + ": "
                    + (report.ok() ? "all intact" : report.corrupt().size() + " corrupt, quarantined")
                    + "; removed " + count(report.removedTemps(), "stale temporary file", "stale temporary files")
                    + " and " + count(report.removedOrphans(), "orphaned data file", "orphaned data files"));
            return report.ok() ? Main.EXIT_OK : Main.EXIT_FAILURE;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = {"Evict least recently used entries until the cache fits in --max-size;",
                    "also remove quarantined and stale temporary files."})
    static final class Prune extends CacheSubcommand {
        @Option(names = "--max-size", required = true, paramLabel = "SIZE",
                description = "Largest total size of the entries, e.g. 500M or 2G (binary units: 1K = 1024 bytes).")
        String maxSize;

        @Override
        public Integer call() {
            long limit;
            try {
                limit = Sizes.parse(maxSize);
            } catch (IllegalArgumentException e) {
                throw BadInputException.parameter("--max-size", e.getMessage(), "");
            }
            CacheStore store = openExisting();
            if (store == null) {
                return Main.EXIT_OK;
            }
            PruneReport r = store.prune(limit);
            out().println("evicted " + count(r.evicted(), "entry", "entries") + " ("
                    + Sizes.format(r.freedBytes()) + "); cache now " + Sizes.format(r.remainingBytes()) + " (limit "
                    + Sizes.format(limit) + ")" + (r.removedOther() > 0
                    ? "; removed " + count(r.removedOther(), "leftover file", "leftover files") : ""));
            return Main.EXIT_OK;
        }
    }
}
