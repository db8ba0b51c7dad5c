package org.cellbook.kernel.exec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;

/** Completion, inspection and the is-complete check, all from JShell's source analysis. */
public final class CodeAssist {
    /** Matches replace the text between {@code start} and {@code end}. */
    public record Completion(List<String> matches, int start, int end) { }

    /** Jupyter's is_complete answer: complete, incomplete (with an indent), invalid or unknown. */
    public record Completeness(String status, String indent) { }

    private final JavaEvaluator evaluator;

    public CodeAssist(JavaEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    public Completion complete(String code, int cursor) {
        cursor = Math.max(0, Math.min(cursor, code.length()));
        int[] anchor = {cursor};
        List<SourceCodeAnalysis.Suggestion> suggestions = evaluator.analysis().completionSuggestions(code, cursor, anchor);
        Set<String> typed = new LinkedHashSet<>();
        Set<String> rest = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : suggestions) {
            (s.matchesType() ? typed : rest).add(s.continuation());
        }
        List<String> matches = new ArrayList<>(typed);
        rest.stream().filter(m -> !typed.contains(m)).forEach(matches::add);
        return new Completion(matches, anchor[0], cursor);
    }

    /** Signature and javadoc for what is at the cursor, or the type and value of a variable. */
    public Optional<String> inspect(String code, int cursor) {
        cursor = Math.max(0, Math.min(cursor, code.length()));
        String doc = documentation(code, cursor);
        if (doc.isEmpty()) {
            // JShell documents calls; for a bare method name pretend the call was opened.
            String head = code.substring(0, cursor);
            doc = documentation(head + "(", cursor + 1);
        }
        if (!doc.isEmpty()) {
            return Optional.of(doc);
        }
        String word = identifierBefore(code, cursor);
        return evaluator.variableType(word).map(t -> word + " : " + t);
    }

    private String documentation(String code, int cursor) {
        StringBuilder out = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : evaluator.analysis().documentation(code, cursor, true)) {
            if (!out.isEmpty()) {
                out.append("\n\n");
            }
            out.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                out.append("\n").append(plainJavadoc(d.javadoc()));
            }
        }
        return out.toString();
    }

    /** Javadoc with inline tags reduced to their text: {@code x} and {@link X} become x and X. */
    static String plainJavadoc(String doc) {
        return doc.strip().replaceAll("\\{@(?:code|literal|link|linkplain|value)\\s+([^}]*)}", "$1")
                .replaceAll("(?m)^ ", "");
    }

    private static String identifierBefore(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        int start = cursor;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        return code.substring(start, end);
    }

    public Completeness isComplete(String code) {
        SourceCodeAnalysis analysis = evaluator.analysis();
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete() && info.completeness() != SourceCodeAnalysis.Completeness.UNKNOWN) {
            info = analysis.analyzeCompletion(info.remaining());
        }
        return switch (info.completeness()) {
            case UNKNOWN -> new Completeness("invalid", null);
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> new Completeness("complete", null);
            case CONSIDERED_INCOMPLETE, DEFINITELY_INCOMPLETE -> new Completeness("incomplete", indent(info.remaining()));
        };
    }

    /** The last line's indent, one level deeper when that line opens a block or parenthesis. */
    private static String indent(String partial) {
        String[] lines = partial.split("\n", -1);
        String last = lines[lines.length - 1].isBlank() && lines.length > 1 ? lines[lines.length - 2] : lines[lines.length - 1];
        String ws = last.substring(0, last.length() - last.stripLeading().length());
        int depth = 0;
        for (char c : last.toCharArray()) {
            if (c == '{' || c == '(') {
                depth++;
            } else if ((c == '}' || c == ')') && depth > 0) {
                depth--;
            }
        }
        return depth > 0 ? ws + "    " : ws;
    }
}
