package org.cellbook.cache;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where an entry is filed: one sub-directory of the cache per section. */
public enum Section {
    DATA, PREPROCESS, FEATURES, CLUSTER, MODEL, CELLS;

    /** The directory name and the spelling used in metadata and on the command line. */
    @JsonValue
    public String dirName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The section named {@code name} (any case).
     *
     * @throws IllegalArgumentException naming the known sections when there is none
     */
    @JsonCreator
    public static Section parse(String name) {
        for (Section s : values()) {
            if (s.dirName().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown cache section '" + name + "'; use one of " + names());
    }

    /** "data, preprocess, ..." for messages. */
    public static String names() {
        return Arrays.stream(values()).map(Section::dirName).collect(Collectors.joining(", "));
    }
}
