package org.cellbook.core.synth;

import java.util.List;
import java.util.Locale;
import org.cellbook.core.BadInputException;

/**
 * Size and seed of a synthetic cohort. Every patient has two samples (pre and on treatment),
 * so a cohort has {@code 2 * patients} samples of {@code cellsPerSample} cells each.
 *
 * <p>Presets: {@code demo} (4 patients, 300 cells per sample, 2,000 genes: generates and
 * analyses in seconds) and {@code reference} (7 patients, 5,000 cells per sample, i.e. 10,000
 * cells per patient and 70,000 in all, 20,000 genes: the benchmark size). Without a preset the
 * defaults are 7 patients, 2,000 cells per sample, 20,000 genes, seed 42.
 */
public record SynthParams(int patients, int cellsPerSample, int genes, long seed) {
    public static final int MIN_PATIENTS = 2;
    public static final int MAX_PATIENTS = 500;
    public static final int MIN_CELLS = 50;
    public static final int MAX_CELLS = 1_000_000;
    public static final int MAX_GENES = 100_000;
    public static final List<String> PRESETS = List.of("demo", "reference");

    public static SynthParams defaults() {
        return new SynthParams(7, 2000, 20_000, 42);
    }

    /** A named preset (seed 42); parameter errors name {@code --preset}. */
    public static SynthParams preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "demo" -> new SynthParams(4, 300, 2000, 42);
            case "reference" -> new SynthParams(7, 5000, 20_000, 42);
            default -> throw BadInputException.parameter("--preset", "unknown preset '" + name + "'",
                    "use one of " + String.join(", ", PRESETS));
        };
    }

    public SynthParams withPatients(int v) {
        return new SynthParams(v, cellsPerSample, genes, seed);
    }

    public SynthParams withCellsPerSample(int v) {
        return new SynthParams(patients, v, genes, seed);
    }

    public SynthParams withGenes(int v) {
        return new SynthParams(patients, cellsPerSample, v, seed);
    }

    public SynthParams withSeed(long v) {
        return new SynthParams(patients, cellsPerSample, genes, v);
    }

    public int samples() {
        return 2 * patients;
    }

    public long totalCells() {
        return (long) samples() * cellsPerSample;
    }

    /** Fewest genes: the named marker, housekeeping, ribosomal and MT genes plus as many unnamed ones. */
    public static int minGenes() {
        return 2 * GenePanel.namedGeneCount();
    }

    /** Checks ranges; errors name the command-line option. */
    public SynthParams validate() {
        if (patients < MIN_PATIENTS || patients > MAX_PATIENTS) {
            throw BadInputException.parameter("--patients", "must be between " + MIN_PATIENTS + " and " + MAX_PATIENTS
                    + ", got " + patients, "responders and non-responders alternate, so at least 2 patients are needed");
        }
        if (cellsPerSample < MIN_CELLS || cellsPerSample > MAX_CELLS) {
            throw BadInputException.parameter("--cells-per-sample", "must be between " + MIN_CELLS + " and " + MAX_CELLS
                    + ", got " + cellsPerSample, "every cell type needs a few cells in each sample");
        }
        if (genes < minGenes() || genes > MAX_GENES) {
            throw BadInputException.parameter("--genes", "must be between " + minGenes() + " and " + MAX_GENES
                    + ", got " + genes, "the panel's " + GenePanel.namedGeneCount()
                            + " named marker, housekeeping and mitochondrial genes need as many unnamed ones beside them");
        }
        return this;
    }
}
