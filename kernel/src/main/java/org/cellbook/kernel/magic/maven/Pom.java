package org.cellbook.kernel.magic.maven;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The parts of a raw (not yet inherited or interpolated) POM that dependency resolution needs. */
record Pom(String groupId, String artifactId, String version, String packaging, Coordinate parent,
           Map<String, String> properties, List<Dependency> dependencyManagement, List<Dependency> dependencies,
           List<String> repositories) {

    /** A dependency as written: any field may still hold ${...} or be missing. */
    record Dependency(String groupId, String artifactId, String version, String type, String classifier,
                      String scope, boolean optional, List<String> exclusions) {
        String key() {
            return groupId + ":" + artifactId + (classifier == null || classifier.isEmpty() ? "" : ":" + classifier);
        }
    }

    static Pom parse(byte[] xml, String where) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            f.setExpandEntityReferences(false);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            Element project = doc.getDocumentElement();
            Element parentEl = child(project, "parent");
            Coordinate parent = parentEl == null ? null
                    : new Coordinate(text(parentEl, "groupId"), text(parentEl, "artifactId"), text(parentEl, "version"), "pom", null);
            Map<String, String> props = new LinkedHashMap<>();
            Element propsEl = child(project, "properties");
            if (propsEl != null) {
                for (Element p : children(propsEl)) {
                    props.put(p.getTagName(), p.getTextContent().trim());
                }
            }
            Element dm = child(project, "dependencyManagement");
            List<Dependency> managed = dm == null ? List.of() : deps(child(dm, "dependencies"));
            List<String> repos = new ArrayList<>();
            Element reposEl = child(project, "repositories");
            if (reposEl != null) {
                for (Element r : children(reposEl)) {
                    Optional.ofNullable(text(r, "url")).ifPresent(repos::add);
                }
            }
            return new Pom(text(project, "groupId"), text(project, "artifactId"), text(project, "version"),
                    Optional.ofNullable(text(project, "packaging")).orElse("jar"), parent, props, managed,
                    deps(child(project, "dependencies")), repos);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot parse POM " + where + ": " + e.getMessage(), e);
        }
    }

    private static List<Dependency> deps(Element list) {
        List<Dependency> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (Element d : children(list)) {
            if (!d.getTagName().equals("dependency")) {
                continue;
            }
            List<String> excl = new ArrayList<>();
            Element ex = child(d, "exclusions");
            if (ex != null) {
                for (Element e : children(ex)) {
                    excl.add(text(e, "groupId") + ":" + text(e, "artifactId"));
                }
            }
            out.add(new Dependency(text(d, "groupId"), text(d, "artifactId"), text(d, "version"), text(d, "type"),
                    text(d, "classifier"), text(d, "scope"), "true".equals(text(d, "optional")), excl));
        }
        return out;
    }

    private static Element child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    private static String text(Element e, String name) {
        Element c = child(e, name);
        return c == null ? null : c.getTextContent().trim();
    }

    static Pom parse(String xml, String where) {
        return parse(xml.getBytes(StandardCharsets.UTF_8), where);
    }
}
