package org.cellbook.kernel.magic;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cellbook.core.BadInputException;
import org.cellbook.kernel.exec.Classpaths;
import org.cellbook.kernel.exec.JavaEvaluator;
import org.cellbook.kernel.magic.maven.MavenResolver;

/** The IJava magics: %classpath, %jars, %maven, %%loadFromPOM, %lsmagic, %time and %%time. */
public final class StandardMagics {
    private StandardMagics() { }

    public static Magics create(JavaEvaluator evaluator, MavenResolver maven) {
        Magics m = new Magics();
        m.line("classpath", args -> {
            List<String> added = Classpaths.parseUserPath(String.join(java.io.File.pathSeparator, words(args)));
            added.forEach(evaluator::addToClasspath);
            return null;
        });
        m.line("jars", args -> {
            List<String> jars = new ArrayList<>();
            for (String glob : words(args)) {
                jars.addAll(globJars(glob));
            }
            jars.forEach(evaluator::addToClasspath);
            return null;
        });
        m.line("maven", args -> {
            List<String> coords = words(args);
            if (coords.isEmpty()) {
                throw BadInputException.parameter("%maven", "no coordinates given", "write %maven group:artifact:version");
            }
            for (Path jar : maven.resolve(coords)) {
                evaluator.addToClasspath(jar.toString());
            }
            return null;
        });
        m.cell("loadFromPOM", (args, body) -> {
            for (Path jar : maven.resolvePom(body)) {
                evaluator.addToClasspath(jar.toString());
            }
            return null;
        });
        m.line("lsmagic", args -> {
            System.out.println("Line magics: " + prefixed("%", m.lineNames()));
            System.out.println("Cell magics: " + prefixed("%%", m.cellNames()));
            return null;
        });
        m.line("time", args -> timed(() -> evaluator.eval(args)));
        m.cell("time", (args, body) -> timed(() -> evaluator.eval(body)));
        return m;
    }

    private interface Body {
        JavaEvaluator.Result run() throws Exception;
    }

    private static Object timed(Body body) throws Exception {
        long t0 = System.nanoTime();
        try {
            JavaEvaluator.Result r = body.run();
            return r.hasValue() ? r.value() : null;
        } finally {
            System.out.flush();
            System.out.printf("Wall time: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
        }
    }

    private static String prefixed(String p, List<String> names) {
        return String.join("  ", names.stream().map(n -> p + n).toList());
    }

    static List<String> words(String args) {
        List<String> out = new ArrayList<>();
        for (String w : args.trim().split("\\s+")) {
            String s = w.strip();
            if ((s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'")) && s.length() >= 2) {
                s = s.substring(1, s.length() - 1);
            }
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Jars matching a glob such as {@code lib/*.jar} or {@code /opt/x/**.jar}; a plain path is itself. */
    static List<String> globJars(String glob) throws IOException {
        if (!glob.contains("*") && !glob.contains("?")) {
            Path p = Path.of(glob);
            if (!Files.exists(p)) {
                throw BadInputException.file(p, "no such jar or directory (%jars)", "check the path");
            }
            return List.of(p.toAbsolutePath().toString());
        }
        int star = glob.indexOf('*');
        int q = glob.indexOf('?');
        int first = star < 0 ? q : q < 0 ? star : Math.min(star, q);
        int slash = glob.lastIndexOf('/', first);
        Path root = slash < 0 ? Path.of(".") : Path.of(glob.substring(0, Math.max(slash, 1)));
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + Path.of(glob).toAbsolutePath().normalize());
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(f -> f.toAbsolutePath().normalize()).filter(m::matches).filter(Files::isRegularFile)
                    .map(Path::toString).sorted().toList();
        }
    }
}
