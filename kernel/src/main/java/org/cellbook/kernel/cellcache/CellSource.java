package org.cellbook.kernel.cellcache;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;

/**
 * What the cell cache needs to know about a cell's source, found without running it.
 *
 * <p>The normalised source strips trailing whitespace from every line and blank lines at both ends;
 * comments are kept (removing them safely needs a Java lexer, and editing a comment only costs one
 * recomputation). {@code declarations}: names of methods and classes the cell declares;
 * {@code imports}: its import statements; {@code assigned}: names assigned with {@code =},
 * {@code +=}, {@code ++} and friends, which may be existing variables the cell changes.
 */
record CellSource(String normalised, List<String> imports, Set<String> declarations, Set<String> assigned,
                  Set<String> identifiers) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern ASSIGNED = Pattern.compile(
            "(?<![\\w$.])([A-Za-z_$][\\w$]*)\\s*(?:=(?!=)|[-+*/%&|^]=|<<=|>>>?=|\\+\\+|--)"
                    + "|(?:\\+\\+|--)\\s*([A-Za-z_$][\\w$]*)");

    static CellSource of(String source, SourceCodeAnalysis analysis) {
        String normalised = normalise(source);
        List<String> imports = new java.util.ArrayList<>();
        Set<String> declarations = new LinkedHashSet<>();
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(source);
        while (info.completeness().isComplete()) {
            for (Snippet s : analysis.sourceToSnippets(info.source())) {
                if (s.kind() == Snippet.Kind.IMPORT) {
                    imports.add(normalise(s.source()));
                } else if ((s.kind() == Snippet.Kind.METHOD || s.kind() == Snippet.Kind.TYPE_DECL)
                        && s instanceof DeclarationSnippet d) {
                    declarations.add(d.name());
                }
            }
            info = analysis.analyzeCompletion(info.remaining());
        }
        Set<String> assigned = new LinkedHashSet<>();
        Matcher a = ASSIGNED.matcher(source);
        while (a.find()) {
            assigned.add(a.group(1) != null ? a.group(1) : a.group(2));
        }
        Set<String> identifiers = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(source);
        while (m.find()) {
            identifiers.add(m.group());
        }
        return new CellSource(normalised, List.copyOf(imports), declarations, assigned, identifiers);
    }

    static String normalise(String source) {
        return source.lines().map(String::stripTrailing).reduce((x, y) -> x + "\n" + y).orElse("")
                .replaceAll("\\A\\n+|\\n+\\z", "");
    }

    /** Why the cell's effects cannot be restored from stored values, if they cannot. */
    Optional<String> declaresNonVariables() {
        if (!imports.isEmpty() || !declarations.isEmpty()) {
            return Optional.of("it declares imports, methods or classes, which are always run");
        }
        return Optional.empty();
    }
}
