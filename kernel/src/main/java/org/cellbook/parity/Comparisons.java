package org.cellbook.parity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Helpers shared by the comparisons: shape checks and values seen as labels or members. */
final class Comparisons {
    private Comparisons() {
    }

    /** Null when the shapes agree (axes of length 1 ignored), else what differs. */
    static String shapeMismatch(ParityValue.Numeric a, ParityValue.Numeric b) {
        if (Arrays.equals(a.squeezedShape(), b.squeezedShape())) {
            return null;
        }
        return "shapes differ: original " + Arrays.toString(a.shape()) + ", port " + Arrays.toString(b.shape());
    }

    /** The value as a list of labels (numbers canonical: 1 not 1.0), or null when it has no such view. */
    static List<String> labels(ParityValue v) {
        return switch (v) {
            case ParityValue.Strings s -> s.values();
            case ParityValue.Numeric n -> {
                List<String> out = new ArrayList<>(n.values().length);
                for (double d : n.values()) {
                    out.add(ParityValue.canonical(d));
                }
                yield out;
            }
            case ParityValue.Table t when t.columns().size() == 1 -> {
                ParityValue.Column c = t.columns().get(0);
                List<String> out = new ArrayList<>();
                for (int i = 0; i < c.size(); i++) {
                    out.add(c.text(i));
                }
                yield out;
            }
            default -> null;
        };
    }

    /** Up to five members, for a report line. */
    static String preview(List<String> items) {
        if (items.isEmpty()) {
            return "none";
        }
        String head = String.join(", ", items.subList(0, Math.min(5, items.size())));
        return items.size() > 5 ? head + ", ... (" + items.size() + ")" : head;
    }
}
