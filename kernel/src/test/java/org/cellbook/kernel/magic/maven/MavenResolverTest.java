package org.cellbook.kernel.magic.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellbook.core.BadInputException;
import org.cellbook.kernel.magic.TestJars;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution over a file repository in the Maven layout, built here. */
class MavenResolverTest {
    @TempDir
    Path tmp;
    Path remote;
    Path local;

    private static String dep(String g, String a, String v, String extra) {
        return "<dependency><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId>"
                + (v == null ? "" : "<version>" + v + "</version>") + extra + "</dependency>";
    }

    @BeforeEach
    void repo() throws Exception {
        remote = Files.createDirectories(tmp.resolve("remote"));
        local = tmp.resolve("local");
        Path jar = TestJars.jar(tmp, "demo", "Lib", "x");
        // A parent with a property and managed versions, and a BOM it imports.
        TestJars.publish(remote, "org.demo", "bom", "1", null, "",
                "<dependencyManagement><dependencies>" + dep("org.demo", "util", "2.0", "") + "</dependencies></dependencyManagement>");
        TestJars.publish(remote, "org.demo", "parent", "1", null, "",
                "<properties><core.version>1.5</core.version></properties><dependencyManagement><dependencies>"
                        + dep("org.demo", "bom", "1", "<type>pom</type><scope>import</scope>")
                        + "</dependencies></dependencyManagement>");
        for (String[] gav : new String[][] {{"core", "1.5"}, {"core", "1.0"}, {"util", "2.0"}, {"util", "1.0"}, {"opt", "1"},
                {"testonly", "1"}, {"excluded", "1"}}) {
            TestJars.publish(remote, "org.demo", gav[0], gav[1], jar, "", "");
        }
        // app -> core (version from parent property), util (version from the imported BOM), an optional,
        // a test-scoped and (via mid) an excluded dependency.
        Path appDir = Files.createDirectories(remote.resolve("org/demo/app/1"));
        Files.copy(jar, appDir.resolve("app-1.jar"));
        Files.writeString(appDir.resolve("app-1.pom"), "<project><parent><groupId>org.demo</groupId><artifactId>parent</artifactId>"
                + "<version>1</version></parent><artifactId>app</artifactId><dependencies>"
                + dep("org.demo", "core", "${core.version}", "")
                + dep("org.demo", "util", null, "")
                + dep("org.demo", "opt", "1", "<optional>true</optional>")
                + dep("org.demo", "testonly", "1", "<scope>test</scope>")
                + dep("org.demo", "mid", "1", "<exclusions><exclusion><groupId>org.demo</groupId><artifactId>excluded</artifactId></exclusion></exclusions>")
                + "</dependencies></project>");
        // mid depends on an older core (nearest wins: app's 1.5) and on the excluded artifact.
        TestJars.publish(remote, "org.demo", "mid", "1", jar, dep("org.demo", "core", "1.0", "") + dep("org.demo", "excluded", "1", ""), "");
    }

    private MavenResolver resolver() {
        return new MavenResolver(local, List.of(remote.toUri().toString()));
    }

    @Test
    void followsParentsPropertiesBomsScopesExclusionsAndNearestWins() {
        List<Path> jars = resolver().resolve(List.of("org.demo:app:1"));
        assertEquals(List.of("app-1.jar", "core-1.5.jar", "util-2.0.jar", "mid-1.jar"),
                jars.stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(jars.stream().allMatch(p -> p.startsWith(local)), "cached in the local repository: " + jars);
    }

    @Test
    void usesTheLocalRepositoryWithoutTheRemote() throws Exception {
        resolver().resolve(List.of("org.demo:app:1"));
        MavenResolver offline = new MavenResolver(local, List.of(tmp.resolve("gone").toUri().toString()));
        assertEquals(4, offline.resolve(List.of("org.demo:app:1")).size());
    }

    @Test
    void pomCellManagesTransitiveVersions() {
        String pom = "<dependencyManagement><dependencies>" + dep("org.demo", "core", "1.0", "")
                + "</dependencies></dependencyManagement><dependencies>" + dep("org.demo", "mid", "1", "") + "</dependencies>";
        List<String> names = resolver().resolvePom(pom).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("mid-1.jar", "core-1.0.jar", "excluded-1.jar"), names);
    }

    @Test
    void unknownArtifactNamesTheCoordinate() {
        var e = assertThrows(BadInputException.class, () -> resolver().resolve(List.of("org.demo:nope:9")));
        assertTrue(e.getMessage().contains("org.demo:nope:9"), e.getMessage());
    }

    @Test
    void malformedCoordinateIsRejected() {
        var e = assertThrows(BadInputException.class, () -> resolver().resolve(List.of("just-a-name")));
        assertTrue(e.getMessage().contains("group:artifact:version"), e.getMessage());
    }

    @Test
    void versionRangesUseTheLowerBound() {
        assertEquals("1.2", MavenResolver.lowerBound("[1.2,2.0)"));
        assertEquals("3", MavenResolver.lowerBound("[3]"));
        assertEquals("4.1", MavenResolver.lowerBound("4.1"));
    }
}
