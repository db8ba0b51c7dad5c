package org.cellbook.kernel.cellcache;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cellbook.cache.CacheKey;
import org.cellbook.cache.CacheStore;
import org.cellbook.cache.Codecs;
import org.cellbook.cache.ReadSetEntries;
import org.cellbook.cache.Section;
import org.cellbook.core.io.ReadTracker;
import org.cellbook.kernel.exec.CellFailure;
import org.cellbook.kernel.exec.CellHook;
import org.cellbook.kernel.exec.JavaEvaluator;
import org.cellbook.kernel.runtime.Display;

/**
 * Per-cell caching: a cell whose inputs are unchanged is answered from the cache instead of run.
 *
 * <h2>Keys</h2>
 * A cell's <em>input key</em> hashes its normalised source ({@link CellSource}), the runtime version,
 * the imports earlier cells declared, and the keys of the variables, methods and classes it names
 * (each name maps to the key of the cell that last defined it, so keys chain down the notebook).
 * The files the cell read through pipeline-core ({@link ReadTracker}) are only known after it ran:
 * they are stored under the input key, and the <em>entry key</em> adds their content fingerprints
 * to the input key. Editing a cell, a cell upstream of it, or a data file it read changes its key.
 *
 * <h2>Entries</h2>
 * An entry holds the variables the cell declared or assigned (with their declared types), its
 * outputs (stdout, stderr and displays, in order) and its result's MIME bundle. On a hit the
 * variables are restored with {@link JavaEvaluator#define}, the outputs replayed, and one line on
 * stderr says the cell was served from the cache. If restoring fails the cell simply runs.
 *
 * <h2>Cells that are not cached</h2>
 * <ul>
 * <li>Cells declaring imports, methods or classes always run (cheap, and JShell declarations cannot
 *     be restored from values); the names they declare still get keys, so their readers chain.</li>
 * <li>A cell with a value the codecs cannot store runs normally and says why on stderr.</li>
 * <li>{@code %%nocache} cells run; what they define gets a fresh random key, so cells reading it
 *     are recomputed too (a nocache cell is usually not reproducible). So do names a failed cell
 *     declared and cells reading variables of unknown origin (startup scripts).</li>
 * </ul>
 * Changes made through method calls on an existing object ({@code list.add(x)}) are not seen:
 * only declarations and assignments ({@code x = ...}, {@code x += ...}, {@code x++}) count as
 * defining a variable. Temporary {@code $1}-style variables are not restored.
 */
public final class CellCacheHook implements CellHook {
    /** Start of every line the cache writes to stderr. */
    public static final String NOTE = "[cellbook cache]";
    private static final String KIND = "cell";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CacheStore store;
    private final String runtimeVersion;
    private final Codability codability = new Codability(Codecs.defaults());
    private final ReadSetEntries entries;
    /** Variable, method or class name → key of the cell that last defined it. */
    private final Map<String, String> keys = new HashMap<>();
    private final Set<String> imports = new TreeSet<>();
    private boolean skipNext;
    private Running running;
    private int hits;
    private int stored;
    private int notCached;
    private String last = "no cell has run yet";

    /** State of the cell being run. {@code inputKey} null when it cannot have one; {@code reason}: why not cached. */
    private record Running(CellSource source, String inputKey, String reason, boolean random, boolean quiet,
                           OutputCapture capture, ReadTracker.Recording reads) {
        void stop() {
            if (capture != null) {
                capture.close();
            }
            if (reads != null) {
                reads.close();
            }
        }
    }

    /**
     * @param store          where entries go (section {@link Section#CELLS})
     * @param runtimeVersion hashed into every key: change it when anything that can change a
     *                       cell's results changes (Cellbook, Java, libraries)
     */
    public CellCacheHook(CacheStore store, String runtimeVersion) {
        this.store = store;
        this.runtimeVersion = runtimeVersion;
        this.entries = new ReadSetEntries(store, KIND, runtimeVersion);
    }

    /** The next cell runs without the cache ({@code %%nocache}). */
    public void skipNextCell(boolean skip) {
        this.skipNext = skip;
    }

    public CacheStore store() {
        return store;
    }

    @Override
    public Optional<JavaEvaluator.Result> before(Cell cell, JavaEvaluator evaluator) {
        if (running != null) {
            running.stop(); // a cell that neither finished nor failed (cannot normally happen)
            running = null;
        }
        CellSource source = CellSource.of(cell.source(), evaluator.analysis());
        if (skipNext) {
            skipNext = false;
            running = new Running(source, null, "%%nocache", true, true, null, null);
            return Optional.empty();
        }
        List<String> untraced = new ArrayList<>();
        String inputKey = inputKey(cell, source, untraced);
        Optional<String> declares = source.declaresNonVariables();
        if (inputKey == null) {
            running = new Running(source, null, "it reads " + String.join(", ", untraced)
                    + ", whose origin the cache does not know (defined before the cache was on or by a failed cell)",
                    true, declares.isPresent(), null, null);
            return Optional.empty();
        }
        if (declares.isPresent()) {
            running = new Running(source, inputKey, declares.get(), false, true, null, ReadTracker.start());
            return Optional.empty();
        }
        try {
            Optional<JavaEvaluator.Result> hit = lookUp(inputKey, evaluator);
            if (hit.isPresent()) {
                return hit;
            }
        } catch (RuntimeException e) { // an unreadable cache must not stop the notebook
            System.err.println(NOTE + " could not read the cache (" + e.getMessage() + "); running the cell");
        }
        running = new Running(source, inputKey, null, false, false, OutputCapture.start(), ReadTracker.start());
        return Optional.empty();
    }

    @Override
    public void after(Cell cell, Set<String> defines, JavaEvaluator.Result result, JavaEvaluator evaluator) {
        Running r = running;
        running = null;
        if (r == null) {
            return;
        }
        r.stop();
        Set<String> changed = changedVariables(cell, defines, r.source(), evaluator);
        String entryKey = null;
        String reason = r.reason();
        if (r.inputKey() != null) {
            try {
                entryKey = entries.entryKey(r.inputKey(), r.reads().paths()).hex();
            } catch (RuntimeException e) {
                reason = "a file it read cannot be fingerprinted: " + e.getMessage();
            }
        }
        String key = r.random() || entryKey == null ? randomKey() : entryKey;
        if (reason == null) {
            reason = store(r, entryKey, changed, result, evaluator).orElse(null);
        }
        imports.addAll(r.source().imports());
        changed.forEach(n -> keys.put(n, key));
        r.source().declarations().forEach(n -> keys.put(n, key));
        if (reason == null) {
            stored++;
            last = "cell " + cell.executionCount() + ": ran and was stored (key " + entryKey.substring(0, 12) + ")";
        } else {
            notCached++;
            last = "cell " + cell.executionCount() + ": not cached: " + reason;
            if (!r.quiet()) {
                System.err.println(NOTE + " not cached: " + reason);
            }
        }
    }

    @Override
    public void failed(Cell cell, Set<String> defines, JavaEvaluator evaluator) {
        if (running != null) {
            running.stop();
            running = null;
        }
        String key = randomKey(); // what a failed cell left behind must not be mistaken for a cached value
        defines.forEach(n -> keys.put(n, key));
        last = "cell " + cell.executionCount() + ": failed, not cached";
    }

    private String inputKey(Cell cell, CellSource source, List<String> untraced) {
        Map<String, String> upstream = new TreeMap<>();
        for (String name : cell.reads()) {
            String k = keys.get(name);
            if (k == null) {
                untraced.add(name);
            } else {
                upstream.put(name, k);
            }
        }
        for (String id : source.identifiers()) {
            String k = keys.get(id);
            if (k != null && !source.declarations().contains(id)) {
                upstream.put(id, k); // methods and classes declared by earlier cells
            }
        }
        if (!untraced.isEmpty()) {
            return null;
        }
        CacheKey.Builder b = store.key(KIND, "inputs").codeVersion(runtimeVersion)
                .param("source", source.normalised())
                .param("imports", List.copyOf(imports))
                .param("names", List.copyOf(upstream.keySet()));
        upstream.values().forEach(b::input);
        return b.build().hex();
    }

    @SuppressWarnings("unchecked")
    private Optional<JavaEvaluator.Result> lookUp(String inputKey, JavaEvaluator evaluator) {
        Optional<CacheKey> found = entries.currentEntryKey(inputKey);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CacheKey entryKey = found.get();
        Optional<Map<String, Object>> entry = entries.get(entryKey);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> values = (Map<String, Object>) entry.get().get("values");
        Map<String, Object> types = (Map<String, Object>) entry.get().get("types");
        for (Map.Entry<String, Object> v : values.entrySet()) {
            try {
                evaluator.define(v.getKey(), (String) types.get(v.getKey()), v.getValue());
            } catch (CellFailure | RuntimeException e) {
                System.err.println(NOTE + " could not restore " + v.getKey() + " (" + e.getMessage() + "); running the cell");
                return Optional.empty();
            }
        }
        values.keySet().forEach(n -> keys.put(n, entryKey.hex()));
        OutputCapture.replay((List<Object>) entry.get().get("outputs"));
        hits++;
        String restored = values.isEmpty() ? "" : " (restored " + String.join(", ", values.keySet()) + ")";
        System.err.println(NOTE + " served from the cache, not run" + restored);
        last = "served from the cache (key " + entryKey.shortHex() + ")";
        Object result = entry.get().get("result");
        if (result instanceof String json) {
            return Optional.of(new JavaEvaluator.Result(true, OutputCapture.fromJson(json),
                    (String) entry.get().get("resultSource")));
        }
        return Optional.of(new JavaEvaluator.Result(false, null, ""));
    }

    /** Stores the cell's entry; returns why it could not be stored, if it could not. */
    private Optional<String> store(Running r, String entryKey, Set<String> changed, JavaEvaluator.Result result,
                                   JavaEvaluator evaluator) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> types = new LinkedHashMap<>();
        for (String name : changed) {
            Object value;
            try {
                value = evaluator.variable(name);
            } catch (CellFailure e) {
                return Optional.of("variable " + name + " cannot be read: " + e.evalue());
            }
            Optional<String> problem = codability.problem(value);
            if (problem.isPresent()) {
                return Optional.of("variable " + name + " holds " + problem.get());
            }
            Optional<String> type = evaluator.variableType(name);
            if (type.isEmpty()) {
                return Optional.of("variable " + name + " has no declared type");
            }
            values.put(name, value);
            types.put(name, type.get());
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("values", values);
        entry.put("types", types);
        entry.put("outputs", r.capture().outputs());
        if (result.hasValue() && !result.isDisplayCall()) {
            entry.put("result", OutputCapture.toJson(Display.render(result.value())));
            entry.put("resultSource", result.source());
        }
        try {
            entries.put(r.inputKey(), r.reads().paths(), Section.CELLS, entry);
        } catch (RuntimeException e) {
            return Optional.of("the cache could not store it: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Variables the cell declared, plus existing ones it assigned; not JShell's {@code $1} temporaries. */
    private static Set<String> changedVariables(Cell cell, Set<String> defines, CellSource source, JavaEvaluator evaluator) {
        Set<String> changed = new LinkedHashSet<>();
        for (String d : defines) {
            if (!d.startsWith("$")) {
                changed.add(d);
            }
        }
        Set<String> now = evaluator.variableNames();
        for (String a : source.assigned()) {
            if (cell.reads().contains(a) && now.contains(a)) {
                changed.add(a);
            }
        }
        return changed;
    }

    private static String randomKey() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** What {@code %cache status} prints. */
    public String status() {
        String dir = store.dir().map(Path::toString).orElse("(disabled)");
        return "cell cache: " + dir + "\n"
                + "entries in section cells: " + store.entries(Section.CELLS).size() + "\n"
                + "this session: " + hits + " served from the cache, " + stored + " ran and stored, "
                + notCached + " not cached\n"
                + "last: " + last;
    }

    /** Removes every cell entry ({@code %cache clear}); returns how many. */
    public int clear() {
        return store.clear(Section.CELLS);
    }
}
