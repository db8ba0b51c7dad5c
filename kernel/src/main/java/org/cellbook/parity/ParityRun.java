package org.cellbook.parity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.cellbook.core.BadInputException;
import org.cellbook.core.config.PipelineConfig;
import org.cellbook.runtime.Notebook;

/**
 * {@code cellbook parity} end to end: reads the spec, checks every selector against both
 * notebooks (bad specs fail before anything runs), runs or reuses the original (Python) and the
 * port (Java), compares each item and returns the report (written as HTML/JSON when asked).
 */
public final class ParityRun {

    /**
     * @param params   {@code -p name=value}, routed by {@link ParameterRouting}
     * @param work     folder for executed copies, exports and reuse keys; null for one beside the report
     * @param force    run both notebooks even when their executed copies could be reused
     */
    public record Request(Path spec, Path original, Path port, List<String> params, List<String> originalParams,
                          List<String> portParams, Path config, Path report, Path json, Path work, boolean force,
                          boolean noCache, Path cacheDir, int timeoutSeconds) {
    }

    private ParityRun() {
    }

    public static ParityReport run(Request req, Consumer<String> console) {
        ParitySpec spec = ParitySpec.read(req.spec());
        Path original = required(req.original() != null ? req.original() : spec.original(), "--original", req.spec());
        Path port = required(req.port() != null ? req.port() : spec.port(), "--port", req.spec());
        Path config = req.config() != null ? req.config() : spec.config();
        Notebook nbOriginal = Notebook.read(original);
        Notebook nbPort = Notebook.read(port);
        Map<String, Integer> originalCells = cells(ExportInjection.map(spec, OriginalRunner.SIDE, nbOriginal, original));
        Map<String, Integer> portCells = cells(ExportInjection.map(spec, PortRunner.SIDE, nbPort, port));

        Path work = work(req);
        ParameterRouting.Routed params = ParameterRouting.route(spec, nbOriginal, nbPort, req.params(), req.originalParams(),
                req.portParams(), work, config);
        Map<String, String> originalParams = params.original();
        Map<String, String> portParams = params.port();
        List<String> portList = params.portList();
        Set<Path> inputs = inputs(spec, config, portParams, originalParams);

        console.accept("parity: " + spec.items().size() + " items; executed copies and exports in " + work);
        SideRun o = OriginalRunner.run(spec, original, originalParams, work, inputs, req.force(), req.timeoutSeconds(), console);
        if (!o.ok()) {
            console.accept("original failed: " + o.failure());
        }
        SideRun p = PortRunner.run(spec, port, portList, config, work, inputs, req.force(), req.noCache(),
                req.cacheDir() != null ? req.cacheDir() : work.resolve("cache"), console);
        if (!p.ok()) {
            console.accept("port failed: " + p.failure());
        }
        List<ParityReport.ItemResult> rows = new ArrayList<>();
        for (ParitySpec.Item item : spec.items()) {
            rows.add(compare(item, o, p, originalCells.get(item.id()), portCells.get(item.id())));
        }
        ParityReport report = new ParityReport(req.spec().toString(), ParityReport.Side.of(o), ParityReport.Side.of(p), rows);
        if (req.report() != null) {
            report.writeHtml(req.report());
        }
        if (req.json() != null) {
            report.writeJson(req.json());
        }
        return report;
    }

    static ParityReport.ItemResult compare(ParitySpec.Item item, SideRun o, SideRun p, int originalCell, int portCell) {
        String oc = "cell " + originalCell + (item.original().cell() instanceof CellSelector.Index ? "" : " (" + item.original().cell() + ")");
        String pc = "cell " + portCell + (item.port().cell() instanceof CellSelector.Index ? "" : " (" + item.port().cell() + ")");
        Path fo = ExportFiles.find(o.exportDir(), item.id());
        Path fp = ExportFiles.find(p.exportDir(), item.id());
        ParityValue vo = null;
        ParityValue vp = null;
        String problem = null;
        try {
            vo = fo == null ? null : ExportFiles.read(fo);
        } catch (ExportFiles.ExpressionFailed e) {
            problem = "the original's expression failed: " + e.getMessage();
        } catch (RuntimeException e) {
            problem = "cannot read the original's export: " + e.getMessage();
        }
        try {
            vp = fp == null ? null : ExportFiles.read(fp);
        } catch (ExportFiles.ExpressionFailed e) {
            problem = (problem == null ? "" : problem + "; ") + "the port's expression failed: " + e.getMessage();
        } catch (RuntimeException e) {
            problem = (problem == null ? "" : problem + "; ") + "cannot read the port's export: " + e.getMessage();
        }
        if (problem == null && (vo == null || vp == null)) {
            problem = (vo == null ? "the original" : "the port") + " did not export this item"
                    + (vo == null && !o.ok() ? " (the original failed: " + o.failure() + ")"
                    : vp == null && !p.ok() ? " (the port failed: " + p.failure() + ")" : "");
        }
        String so = vo == null ? "" : vo.summary();
        String sp = vp == null ? "" : vp.summary();
        if (problem != null) {
            return new ParityReport.ItemResult(item.id(), item.step(), oc, pc, item.original().expr(), item.port().expr(),
                    item.comparison().describe(), so, sp, false, null, "", problem);
        }
        Comparison.Outcome out = item.comparison().compare(vo, vp);
        Double dev = Double.isFinite(out.deviation()) ? out.deviation() : null;
        return new ParityReport.ItemResult(item.id(), item.step(), oc, pc, item.original().expr(), item.port().expr(),
                item.comparison().describe(), so, sp, out.pass(), dev, out.where(), out.detail());
    }

    private static Map<String, Integer> cells(List<ExportInjection.Mapped> mapped) {
        Map<String, Integer> out = new LinkedHashMap<>();
        mapped.forEach(m -> out.put(m.item().id(), m.cellIndex()));
        return out;
    }

    private static Path required(Path p, String option, Path spec) {
        if (p == null) {
            throw BadInputException.parameter(option, "no notebook given", "pass " + option + " or name it in " + spec);
        }
        return p;
    }

    private static Path work(Request req) {
        if (req.work() != null) {
            return req.work().toAbsolutePath().normalize();
        }
        Path beside = req.report() != null ? req.report() : req.json();
        Path base = beside != null ? beside.toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
        return base.resolve("parity-work");
    }

    /**
     * Files whose content decides reuse: the spec's inputs, the config and the folder holding its
     * sample sheet (the cohort: matrices and contigs), and any parameter value naming an existing
     * file (not a folder, which may be an output folder).
     */
    static Set<Path> inputs(ParitySpec spec, Path config, Map<String, String> portParams, Map<String, String> originalParams) {
        Set<Path> out = new LinkedHashSet<>(spec.inputs());
        if (config != null && Files.isRegularFile(config)) {
            out.add(config);
            List<String> overrides = portParams.entrySet().stream().filter(e -> e.getKey().contains("."))
                    .map(e -> e.getKey() + "=" + e.getValue()).toList();
            try {
                String sheet = PipelineConfig.loader().resolve(config, System.getenv(), overrides).config().data().sampleSheet();
                Path s = config.toAbsolutePath().getParent().resolve(sheet);
                if (Files.isRegularFile(s)) {
                    out.add(s.getParent());
                }
            } catch (BadInputException e) {
                // the port reports a bad config itself
            }
        }
        for (Map<String, String> m : List.of(portParams, originalParams)) {
            for (String v : m.values()) {
                try {
                    Path p = Path.of(v);
                    if (p.isAbsolute() && Files.isRegularFile(p)) { // not folders: an output folder would change every run
                        out.add(p);
                    }
                } catch (RuntimeException e) {
                    // not a path
                }
            }
        }
        return out;
    }
}
