package org.cellbook.core.io;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cellbook.core.BadInputException;

/**
 * A cohort's sample sheet: a CSV file with one row per sample and the columns
 * {@code sample_id, patient_id, timepoint, response, gex_path} and optionally {@code tcr_path}
 * (further columns are kept per sample as {@link Sample#extra()}, e.g. age or sex).
 *
 * <p>Rules, each checked with an error naming the file, line and column:
 * <ul>
 * <li>{@code sample_id}, {@code patient_id}, {@code timepoint} and {@code gex_path} are not
 *     empty; sample ids are unique.</li>
 * <li>{@code gex_path} (a 10x matrix folder or .h5 file) and, when not empty, {@code tcr_path}
 *     (a contig annotation CSV) exist. Relative paths are taken from the sheet's folder, so a
 *     cohort folder can be moved as a whole.</li>
 * <li>{@code response} is one of (any letter case) {@code responder}, {@code R}, {@code 1},
 *     {@code yes} for a responder; {@code non-responder}, {@code nonresponder},
 *     {@code non_responder}, {@code NR}, {@code 0}, {@code no} for a non-responder; empty or
 *     {@code NA} for unlabelled. Response belongs to the patient, so all samples of one patient
 *     must agree.</li>
 * </ul>
 * Values are stripped of surrounding blanks.
 */
public final class SampleSheet {
    public static final List<String> REQUIRED_COLUMNS =
            List.of("sample_id", "patient_id", "timepoint", "response", "gex_path");
    public static final String TCR_COLUMN = "tcr_path";

    private final Path source;
    private final List<Sample> samples;

    private SampleSheet(Path source, List<Sample> samples) {
        this.source = source;
        this.samples = List.copyOf(samples);
    }

    /** Treatment response of a patient. */
    public enum Response {
        RESPONDER, NON_RESPONDER, UNLABELLED;

        /** 1 for responders, 0 for non-responders, empty when unlabelled (the classifier target). */
        public Optional<Integer> label() {
            return switch (this) {
                case RESPONDER -> Optional.of(1);
                case NON_RESPONDER -> Optional.of(0);
                case UNLABELLED -> Optional.empty();
            };
        }

        /** Parses a sheet value; null when it is not one of the documented spellings. */
        public static Response parse(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "responder", "r", "1", "yes" -> RESPONDER;
                case "non-responder", "nonresponder", "non_responder", "nr", "0", "no" -> NON_RESPONDER;
                case "", "na" -> UNLABELLED;
                default -> null;
            };
        }
    }

    /**
     * One sample (row) of the sheet.
     *
     * @param gexPath absolute, existing
     * @param tcrPath absolute and existing, or null when the sample has no TCR data
     * @param line the sheet line it came from
     * @param extra values of the sheet's other columns, by column name
     */
    public record Sample(String sampleId, String patientId, String timepoint, Response response, Path gexPath,
                         Path tcrPath, long line, Map<String, String> extra) {
        public Sample {
            extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        }

        public Optional<Path> tcr() {
            return Optional.ofNullable(tcrPath);
        }
    }

    public static SampleSheet read(Path path) {
        ReadTracker.record(path);
        Path folder = path.toAbsolutePath().getParent();
        try (CsvReader csv = CsvReader.open(path)) {
            List<String> missing = new ArrayList<>();
            for (String c : REQUIRED_COLUMNS) {
                if (csv.column(c) < 0) {
                    missing.add(c);
                }
            }
            if (!missing.isEmpty()) {
                throw BadInputException.line(path, 1, "missing column" + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing) + " (the header has: " + String.join(", ", csv.header()) + ")",
                        "a sample sheet needs the columns " + String.join(", ", REQUIRED_COLUMNS) + " and optionally "
                                + TCR_COLUMN);
            }
            List<Sample> samples = new ArrayList<>();
            Map<String, Long> idLine = new HashMap<>();
            Map<String, Sample> patientFirst = new HashMap<>();
            CsvReader.Row row;
            while ((row = csv.next()) != null) {
                Sample s = sample(csv, row, folder);
                Long before = idLine.putIfAbsent(s.sampleId(), row.line());
                if (before != null) {
                    throw error(path, row, "sample_id", "sample id '" + s.sampleId() + "' is already used on line " + before,
                            "sample ids must be unique; add the timepoint or a suffix");
                }
                Sample first = patientFirst.putIfAbsent(s.patientId(), s);
                if (first != null && first.response() != s.response()) {
                    throw error(path, row, "response", "patient '" + s.patientId() + "' is " + describe(s.response())
                                    + " here but " + describe(first.response()) + " on line " + first.line(),
                            "response is a property of the patient; give all of the patient's samples the same value");
                }
                samples.add(s);
            }
            if (samples.isEmpty()) {
                throw BadInputException.file(path, "the sheet has a header but no samples", "add one line per sample");
            }
            return new SampleSheet(path, samples);
        }
    }

    private static Sample sample(CsvReader csv, CsvReader.Row row, Path folder) {
        Path path = csv.path();
        String id = required(csv, row, "sample_id");
        String patient = required(csv, row, "patient_id");
        String timepoint = required(csv, row, "timepoint");
        String responseText = value(csv, row, "response");
        Response response = Response.parse(responseText);
        if (response == null) {
            throw error(path, row, "response", "'" + responseText + "' is not a known response value",
                    "use responder/R/1/yes, non-responder/NR/0/no, or leave it empty (or NA) for unlabelled");
        }
        Path gex = existing(csv, row, "gex_path", required(csv, row, "gex_path"), folder);
        Path tcr = null;
        if (csv.column(TCR_COLUMN) >= 0) {
            String t = value(csv, row, TCR_COLUMN);
            if (!t.isEmpty()) {
                tcr = existing(csv, row, TCR_COLUMN, t, folder);
            }
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (String c : csv.header()) {
            if (!REQUIRED_COLUMNS.contains(c) && !c.equals(TCR_COLUMN)) {
                extra.put(c, value(csv, row, c));
            }
        }
        return new Sample(id, patient, timepoint, response, gex, tcr, row.line(), extra);
    }

    private static String value(CsvReader csv, CsvReader.Row row, String column) {
        return row.get(csv.column(column)).strip();
    }

    private static String required(CsvReader csv, CsvReader.Row row, String column) {
        String v = value(csv, row, column);
        if (v.isEmpty()) {
            throw error(csv.path(), row, column, "empty " + column, "every sample needs a " + column);
        }
        return v;
    }

    private static Path existing(CsvReader csv, CsvReader.Row row, String column, String value, Path folder) {
        Path p;
        try {
            p = folder.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw error(csv.path(), row, column, "'" + value + "' is not a valid path", "fix the path");
        }
        if (!Files.exists(p)) {
            throw error(csv.path(), row, column, "'" + value + "' does not exist (looked for " + p + ")",
                    "fix the path; relative paths are taken from the sample sheet's folder " + folder);
        }
        return p;
    }

    private static String describe(Response r) {
        return switch (r) {
            case RESPONDER -> "a responder";
            case NON_RESPONDER -> "a non-responder";
            case UNLABELLED -> "unlabelled";
        };
    }

    private static BadInputException error(Path path, CsvReader.Row row, String column, String problem, String whatToDo) {
        return BadInputException.line(path, row.line(), "column '" + column + "': " + problem, whatToDo);
    }

    public Path source() {
        return source;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Sample ids in sheet order. */
    public List<String> sampleIds() {
        return samples.stream().map(Sample::sampleId).toList();
    }
}
