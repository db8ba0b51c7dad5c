package org.cellbook.kernel.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Class path strings, with the Class-Path entries of jar manifests followed ({@code java -jar}). */
public final class Classpaths {
    private Classpaths() { }

    public static List<String> expand(String classpath) {
        Set<String> out = new LinkedHashSet<>();
        if (classpath != null) {
            for (String entry : classpath.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    add(Path.of(entry).toAbsolutePath().normalize(), out);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static void add(Path entry, Set<String> out) {
        if (!out.add(entry.toString()) || !entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest mf = jar.getManifest();
            String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return;
            }
            for (String rel : cp.trim().split("\\s+")) {
                add(entry.getParent().resolve(rel).normalize(), out);
            }
        } catch (IOException e) {
            // an unreadable jar simply contributes nothing more
        }
    }

    /** Splits a user-given path list (IJAVA_CLASSPATH style) and expands {@code dir/*} globs to jars. */
    public static List<String> parseUserPath(String spec) {
        List<String> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (String part : spec.split(File.pathSeparator)) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.endsWith("/*") || p.endsWith(File.separator + "*")) {
                Path dir = Path.of(p.substring(0, p.length() - 2));
                try (var s = Files.list(dir)) {
                    s.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> out.add(f.toString()));
                } catch (IOException e) {
                    // missing directory: nothing to add
                }
            } else {
                out.add(Path.of(p).toAbsolutePath().toString());
            }
        }
        return out;
    }
}
