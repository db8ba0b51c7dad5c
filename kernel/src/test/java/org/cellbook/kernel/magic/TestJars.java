package org.cellbook.kernel.magic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Compiles a one-class library into a jar for class path and Maven tests. */
public final class TestJars {
    private TestJars() { }

    /** A jar with class {@code pkg.Name} whose static {@code value()} returns {@code value}. */
    public static Path jar(Path dir, String pkg, String name, String value) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src-" + name).resolve(pkg));
        Path classes = Files.createDirectories(dir.resolve("classes-" + name));
        Path file = Files.writeString(src.resolve(name + ".java"),
                "package " + pkg + "; public class " + name + " { public static String value() { return \"" + value + "\"; } }");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), file.toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed: " + rc);
        }
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Writes a jar and its POM into a file repository in the Maven layout. */
    public static void publish(Path repo, String g, String a, String v, Path jar, String dependenciesXml, String extraXml) throws IOException {
        Path dir = Files.createDirectories(repo.resolve(g.replace('.', '/')).resolve(a).resolve(v));
        if (jar != null) {
            Files.copy(jar, dir.resolve(a + "-" + v + ".jar"));
        }
        Files.writeString(dir.resolve(a + "-" + v + ".pom"), "<project><modelVersion>4.0.0</modelVersion>"
                + "<groupId>" + g + "</groupId><artifactId>" + a + "</artifactId><version>" + v + "</version>"
                + (jar == null ? "<packaging>pom</packaging>" : "") + extraXml
                + "<dependencies>" + dependenciesXml + "</dependencies></project>");
    }

    static String dep(String g, String a, String v, String extra) {
        return "<dependency><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId>"
                + (v == null ? "" : "<version>" + v + "</version>") + extra + "</dependency>";
    }

    static List<String> names(List<Path> jars) {
        return jars.stream().map(p -> p.getFileName().toString()).toList();
    }

}
