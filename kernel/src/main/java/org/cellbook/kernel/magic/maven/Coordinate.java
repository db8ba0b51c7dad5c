package org.cellbook.kernel.magic.maven;

import org.cellbook.core.BadInputException;

/** groupId:artifactId:version, with a type (jar, pom) and an optional classifier. */
public record Coordinate(String groupId, String artifactId, String version, String type, String classifier) {
    /** Parses {@code g:a:v}, {@code g:a:type:v} or {@code g:a:type:classifier:v} (Gradle/Ivy order). */
    public static Coordinate parse(String s) {
        String[] p = s.trim().split(":");
        return switch (p.length) {
            case 3 -> new Coordinate(p[0], p[1], p[2], "jar", null);
            case 4 -> new Coordinate(p[0], p[1], p[3], p[2], null);
            case 5 -> new Coordinate(p[0], p[1], p[4], p[2], p[3]);
            default -> throw BadInputException.parameter("%maven", "'" + s + "' is not a Maven coordinate",
                    "write group:artifact:version (or group:artifact:type[:classifier]:version)");
        };
    }

    /** Path of a file of this artifact relative to a repository root. */
    String path(String extension) {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-" + version
                + (classifier == null || classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
    }

    Coordinate pom() {
        return new Coordinate(groupId, artifactId, version, "pom", null);
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + version + (classifier == null ? "" : ":" + classifier);
    }
}
