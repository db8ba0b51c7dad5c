package org.cellbook.core.tcr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-residue tables (pKa maps keep the file's order, which is Biopython's summation order) behind {@link PhysicochemicalFeatures}, read from the bundled resource
 * {@code amino-acid-tables.json} (which names the source of every table). Values are indexed by
 * the position of the residue in {@link Cdr3#ALPHABET}.
 */
public final class AminoAcidTables {
    /** Classpath location of the tables, also read by the Python parity test. */
    public static final String RESOURCE = "/org/cellbook/core/tcr/amino-acid-tables.json";

    private static final AminoAcidTables INSTANCE = load();

    final double[] kyteDoolittle = new double[20];
    final double[] averageMass = new double[20];
    final double[][] atchley = new double[20][5];
    final boolean[] aromatic = new boolean[20];
    final double water;
    final Map<String, Double> pkPositive = new LinkedHashMap<>();
    final Map<String, Double> pkNegative = new LinkedHashMap<>();
    final Map<Character, Double> pkNterminal = new HashMap<>();
    final Map<Character, Double> pkCterminal = new HashMap<>();

    private AminoAcidTables(JsonNode root) {
        water = root.get("water_average").asDouble();
        for (int a = 0; a < 20; a++) {
            String aa = String.valueOf(Cdr3.ALPHABET.charAt(a));
            kyteDoolittle[a] = required(root, "kyte_doolittle", aa).asDouble();
            averageMass[a] = required(root, "average_mass", aa).asDouble();
            JsonNode f = required(root, "atchley", aa);
            for (int j = 0; j < 5; j++) {
                atchley[a][j] = f.get(j).asDouble();
            }
        }
        root.get("aromatic").forEach(n -> aromatic[Cdr3.ALPHABET.indexOf(n.asText().charAt(0))] = true);
        root.get("pk_positive").properties().forEach(e -> pkPositive.put(e.getKey(), e.getValue().asDouble()));
        root.get("pk_negative").properties().forEach(e -> pkNegative.put(e.getKey(), e.getValue().asDouble()));
        root.get("pk_nterminal").properties().forEach(e -> pkNterminal.put(e.getKey().charAt(0), e.getValue().asDouble()));
        root.get("pk_cterminal").properties().forEach(e -> pkCterminal.put(e.getKey().charAt(0), e.getValue().asDouble()));
    }

    private static JsonNode required(JsonNode root, String table, String aa) {
        JsonNode v = root.get(table).get(aa);
        if (v == null) {
            throw new IllegalStateException(RESOURCE + ": table " + table + " has no entry for " + aa);
        }
        return v;
    }

    static AminoAcidTables get() {
        return INSTANCE;
    }

    private static AminoAcidTables load() {
        try (InputStream in = AminoAcidTables.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            return new AminoAcidTables(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
