package org.cellbook.core.tcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Physicochemical features against an independent Python implementation of Biopython's
 * ProteinAnalysis algorithms (Biopython itself is not in the venv), reading the same tables.
 * When Biopython is installed the script uses it instead.
 */
class PhysicochemicalParityTest {
    @TempDir
    Path dir;

    private static final String SCRIPT = """
            import sys, json, math, numpy as np
            tables_path, seq_file, out = sys.argv[1:4]
            T = json.load(open(tables_path))
            seqs = [l.strip() for l in open(seq_file) if l.strip()]
            try:
                from Bio.SeqUtils.ProtParam import ProteinAnalysis
                def bio(s):
                    p = ProteinAnalysis(s)
                    return [p.charge_at_pH(7.0), p.isoelectric_point(), p.molecular_weight(), p.gravy(), p.aromaticity()]
            except ImportError:
                def charge(s, pH):
                    pos = dict(T['pk_positive']); neg = dict(T['pk_negative'])
                    if s[0] in T['pk_nterminal']: pos['Nterm'] = T['pk_nterminal'][s[0]]
                    if s[-1] in T['pk_cterminal']: neg['Cterm'] = T['pk_cterminal'][s[-1]]
                    cnt = lambda g: 1 if len(g) > 1 else s.count(g)
                    p = sum(cnt(g) * (1.0 / (10 ** (pH - pk) + 1.0)) for g, pk in pos.items())
                    n = sum(cnt(g) * (1.0 / (10 ** (pk - pH) + 1.0)) for g, pk in neg.items())
                    return p - n
                def pi(s, pH=7.775, lo=4.05, hi=12):
                    c = charge(s, pH)
                    if hi - lo > 0.0001:
                        if c > 0.0: lo = pH
                        else: hi = pH
                        return pi(s, (lo + hi) / 2, lo, hi)
                    return pH
                def bio(s):
                    mw = sum(T['average_mass'][a] for a in s) - (len(s) - 1) * T['water_average']
                    gravy = sum(T['kyte_doolittle'][a] for a in s) / len(s)
                    arom = sum(s.count(a) for a in T['aromatic']) / len(s)
                    return [charge(s, 7.0), pi(s), mw, gravy, arom]
            rows = []
            for s in seqs:
                c, p, mw, g, ar = bio(s)
                atch = np.mean([T['atchley'][a] for a in s], axis=0)
                rows.append([len(s), g, c, ar, p, mw] + list(atch))
            np.save(out, np.array(rows, dtype=np.float64))
            """;

    @Test
    void featuresMatchBiopythonAlgorithms() throws Exception {
        List<String> seqs = new ArrayList<>();
        for (String chain : List.of("TRA", "TRB")) {
            for (String s : Cdr3.cleanAll(RealCdr3.cdr3("BL6", chain), Cdr3.InvalidCharacters.REJECT, chain)) {
                if (s != null) {
                    seqs.add(s);
                }
            }
        }
        // Synthetic sequences covering every terminal pKa case and all residues.
        seqs.addAll(List.of("ACDEFGHIKLMNPQRSTVWY", "MKRRHK", "SDDEEC", "PYYC", "TWE", "VKD", "G", "EE"));
        Path seqFile = dir.resolve("seqs.txt");
        Files.write(seqFile, seqs);
        Path tables = Path.of(AminoAcidTables.class.getResource(AminoAcidTables.RESOURCE).toURI());
        PythonEnv.project().runScript(SCRIPT, tables.toString(), seqFile.toString(), dir.resolve("ref.npy").toString())
                .orThrow("ProteinAnalysis reference");
        Npy.Array ref = Npy.read(dir.resolve("ref.npy"));
        assertArrayEquals(new int[] {seqs.size(), PhysicochemicalFeatures.NAMES.size()}, ref.shape());
        double[] r = ref.asDoubles();
        int w = PhysicochemicalFeatures.NAMES.size();
        for (int i = 0; i < seqs.size(); i++) {
            double[] f = PhysicochemicalFeatures.of(seqs.get(i));
            for (int j = 0; j < w; j++) {
                assertEquals(r[i * w + j], f[j], 1e-9 * Math.max(1, Math.abs(f[j])),
                        seqs.get(i) + " " + PhysicochemicalFeatures.NAMES.get(j));
            }
        }
        // The float32 matrix holds the same values, and a missing sequence is a zero row.
        List<String> withMissing = new ArrayList<>(seqs.subList(0, 3));
        withMissing.add(null);
        DenseMatrix m = PhysicochemicalFeatures.transform(withMissing);
        assertEquals((float) r[w + 4], m.get(1, 4));
        for (int j = 0; j < w; j++) {
            assertEquals(0f, m.get(3, j));
        }
    }
}
