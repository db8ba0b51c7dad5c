package org.cellbook.kernel.magic.maven;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellbook.core.BadInputException;

/**
 * A small Maven dependency resolver for {@code %maven} and {@code %%loadFromPOM}: reads POMs over the
 * standard repository layout (Maven Central by default), follows parents, property interpolation,
 * dependencyManagement (with BOM imports), exclusions and optional flags, and picks versions the way
 * Maven does (nearest declaration wins, the first one at equal depth). Files are cached in the
 * local repository ({@code ~/.m2/repository}) and taken from there when present.
 *
 * <p>Deviations from Maven, for size: no profiles, no SNAPSHOT metadata, version ranges use their
 * lower bound, and only compile and runtime scopes are followed.
 */
public final class MavenResolver {
    public static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private final Path localRepository;
    private final List<String> remotes;
    private final HttpClient http;
    private final Map<Coordinate, Effective> models = new HashMap<>();

    /** A POM with its parents applied: properties, managed versions and dependencies, interpolated. */
    private record Effective(String groupId, String artifactId, String version, String packaging,
                             Map<String, String> properties, Map<String, Pom.Dependency> managed,
                             List<Pom.Dependency> dependencies) { }

    private record Node(Coordinate coordinate, Set<String> exclusions) { }

    public MavenResolver(Path localRepository, List<String> remotes) {
        this.localRepository = localRepository;
        this.remotes = new ArrayList<>(remotes.stream().map(r -> r.endsWith("/") ? r : r + "/").toList());
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    public static MavenResolver defaults() {
        return new MavenResolver(Path.of(System.getProperty("user.home"), ".m2", "repository"), List.of(CENTRAL));
    }

    /** Jars of the given coordinates and everything they need at run time. */
    public List<Path> resolve(List<String> coordinates) {
        List<Node> roots = new ArrayList<>();
        for (String c : coordinates) {
            roots.add(new Node(Coordinate.parse(c), Set.of()));
        }
        return walk(roots, Map.of());
    }

    /** Jars of the dependencies a POM (or a bare {@code <dependencies>} block) declares. */
    public List<Path> resolvePom(String xml) {
        String text = xml.strip();
        if (!text.contains("<project")) {
            text = "<project>" + text + "</project>";
        }
        Pom pom = Pom.parse(text, "%%loadFromPOM cell");
        pom.repositories().forEach(r -> remotes.add(0, r.endsWith("/") ? r : r + "/"));
        Effective eff = effective(pom, "%%loadFromPOM cell", 0);
        List<Node> roots = new ArrayList<>();
        for (Pom.Dependency d : eff.dependencies()) {
            if (followed(d.scope()) || "provided".equals(d.scope())) {
                roots.add(new Node(coordinate(d, d.version()), new HashSet<>(d.exclusions())));
            }
        }
        return walk(roots, eff.managed());
    }

    private List<Path> walk(List<Node> roots, Map<String, Pom.Dependency> rootManaged) {
        Map<String, Coordinate> chosen = new LinkedHashMap<>();
        List<Path> jars = new ArrayList<>();
        Deque<Node> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            Coordinate c = node.coordinate();
            String key = c.groupId() + ":" + c.artifactId() + (c.classifier() == null ? "" : ":" + c.classifier());
            if (chosen.containsKey(key)) {
                continue; // nearest (first) declaration wins
            }
            chosen.put(key, c);
            Effective eff = effective(c.pom());
            if (!"pom".equals(c.type()) && !"pom".equals(eff.packaging())) {
                jars.add(fetch(c, "jar"));
            }
            for (Pom.Dependency d : eff.dependencies()) {
                if (!followed(d.scope()) || d.optional() || excluded(node.exclusions(), d)) {
                    continue;
                }
                Pom.Dependency override = rootManaged.get(d.key());
                String version = override != null && override.version() != null ? override.version() : d.version();
                if (version == null) {
                    throw new BadInputException(c.toString(), "dependency " + d.key() + " has no version",
                            "declare its version in your %%loadFromPOM dependencyManagement");
                }
                Set<String> excl = new HashSet<>(node.exclusions());
                excl.addAll(d.exclusions());
                queue.add(new Node(coordinate(d, version), excl));
            }
        }
        return jars;
    }

    private static boolean followed(String scope) {
        return scope == null || scope.isEmpty() || scope.equals("compile") || scope.equals("runtime");
    }

    private static boolean excluded(Set<String> exclusions, Pom.Dependency d) {
        return exclusions.contains(d.groupId() + ":" + d.artifactId()) || exclusions.contains(d.groupId() + ":*")
                || exclusions.contains("*:*");
    }

    private static Coordinate coordinate(Pom.Dependency d, String version) {
        String type = d.type() == null || d.type().isEmpty() ? "jar" : d.type();
        String classifier = d.classifier();
        if (type.equals("test-jar")) {
            type = "jar";
            classifier = "tests";
        }
        return new Coordinate(d.groupId(), d.artifactId(), lowerBound(version), type, classifier);
    }

    /** A version range's lower bound ({@code [1.2,2)} gives 1.2); a plain version is itself. */
    static String lowerBound(String v) {
        if (!v.startsWith("[") && !v.startsWith("(")) {
            return v;
        }
        String inner = v.substring(1, v.length() - 1);
        String lo = inner.split(",", -1)[0].trim();
        if (lo.isEmpty()) {
            throw new BadInputException(v, "version range without a lower bound", "pin a version");
        }
        return lo;
    }

    private Effective effective(Coordinate pomCoordinate) {
        Effective cached = models.get(pomCoordinate);
        if (cached == null) {
            Path file = fetch(pomCoordinate, "pom");
            try {
                cached = effective(Pom.parse(Files.readAllBytes(file), file.toString()), file.toString(), 0);
            } catch (IOException e) {
                throw new BadInputException(file.toString(), "cannot read POM: " + e.getMessage(), "delete it to download again");
            }
            models.put(pomCoordinate, cached);
        }
        return cached;
    }

    private Effective effective(Pom pom, String where, int depth) {
        if (depth > 30) {
            throw new BadInputException(where, "parent POM chain longer than 30", "check for a parent cycle");
        }
        Effective parent = pom.parent() == null ? null : effective(pom.parent().pom());
        String groupId = pom.groupId() != null ? pom.groupId() : parent == null ? null : parent.groupId();
        String version = pom.version() != null ? pom.version() : parent == null ? null : parent.version();
        Map<String, String> props = new HashMap<>(parent == null ? Map.of() : parent.properties());
        props.putAll(pom.properties());
        props.put("project.groupId", groupId);
        props.put("pom.groupId", groupId);
        props.put("groupId", groupId);
        props.put("project.artifactId", pom.artifactId());
        props.put("project.version", version);
        props.put("pom.version", version);
        props.put("version", version);
        if (parent != null) {
            props.put("project.parent.version", parent.version());
            props.put("project.parent.groupId", parent.groupId());
        }
        Map<String, Pom.Dependency> managed = new LinkedHashMap<>(parent == null ? Map.of() : parent.managed());
        for (Pom.Dependency raw : pom.dependencyManagement()) {
            Pom.Dependency d = interpolate(raw, props);
            if ("import".equals(d.scope()) && "pom".equals(d.type())) {
                Effective bom = effective(new Coordinate(d.groupId(), d.artifactId(), lowerBound(d.version()), "pom", null));
                bom.managed().forEach(managed::putIfAbsent);
            } else {
                managed.put(d.key(), d);
            }
        }
        List<Pom.Dependency> deps = new ArrayList<>(parent == null ? List.of() : parent.dependencies());
        for (Pom.Dependency raw : pom.dependencies()) {
            Pom.Dependency d = interpolate(raw, props);
            Pom.Dependency m = managed.get(d.key());
            if (m != null) {
                List<String> excl = new ArrayList<>(d.exclusions());
                excl.addAll(m.exclusions());
                d = new Pom.Dependency(d.groupId(), d.artifactId(), d.version() != null ? d.version() : m.version(),
                        d.type(), d.classifier(), d.scope() != null ? d.scope() : m.scope(), d.optional(), excl);
            }
            deps.add(d);
        }
        return new Effective(groupId, pom.artifactId(), version, pom.packaging(), props, managed, deps);
    }

    private static Pom.Dependency interpolate(Pom.Dependency d, Map<String, String> props) {
        return new Pom.Dependency(interpolate(d.groupId(), props), interpolate(d.artifactId(), props),
                interpolate(d.version(), props), interpolate(d.type(), props), interpolate(d.classifier(), props),
                interpolate(d.scope(), props), d.optional(), d.exclusions());
    }

    static String interpolate(String s, Map<String, String> props) {
        if (s == null) {
            return null;
        }
        for (int round = 0; round < 10 && s.contains("${"); round++) {
            Matcher m = PROPERTY.matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String v = props.get(m.group(1));
                m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
            }
            m.appendTail(out);
            if (out.toString().equals(s)) {
                break;
            }
            s = out.toString();
        }
        return s;
    }

    /** The local copy of an artifact file, downloaded from the first remote that has it. */
    private Path fetch(Coordinate c, String extension) {
        if (c.version() == null || c.version().contains("${")) {
            throw new BadInputException(c.toString(), "unresolved version", "declare the version explicitly");
        }
        String rel = c.path(extension);
        Path local = localRepository.resolve(rel);
        if (Files.isRegularFile(local)) {
            return local;
        }
        List<String> tried = new ArrayList<>();
        for (String remote : remotes) {
            tried.add(remote);
            try {
                if (download(URI.create(remote + rel), local)) {
                    return local;
                }
            } catch (IOException e) {
                tried.set(tried.size() - 1, remote + " (" + e.getMessage() + ")");
            }
        }
        throw new BadInputException(c.toString(), "no " + extension + " found in " + String.join(", ", tried),
                "check the coordinates (group:artifact:version) and your network");
    }

    private boolean download(URI uri, Path target) throws IOException {
        InputStream in;
        if ("file".equals(uri.getScheme())) {
            Path src = Path.of(uri);
            if (!Files.isRegularFile(src)) {
                return false;
            }
            in = Files.newInputStream(src);
        } else {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET().build();
            HttpResponse<InputStream> resp;
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (resp.statusCode() == 404) {
                resp.body().close();
                return false;
            }
            if (resp.statusCode() != 200) {
                resp.body().close();
                throw new IOException("HTTP " + resp.statusCode());
            }
            in = resp.body();
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (in) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }
}
