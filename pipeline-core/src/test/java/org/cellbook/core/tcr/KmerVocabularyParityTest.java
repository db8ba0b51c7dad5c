package org.cellbook.core.tcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** k-mer counts against scikit-learn's CountVectorizer on real CDR3s, fitted on one sample and applied to another. */
class KmerVocabularyParityTest {
    @TempDir
    Path dir;

    private static final String SCRIPT = """
            import sys, json, numpy as np, pandas as pd
            from sklearn.feature_extraction.text import CountVectorizer
            fit_file, apply_file, chain, out = sys.argv[1:5]
            def cdr3s(path):
                df = pd.read_csv(path)
                s = df.loc[df['chain'] == chain, 'cdr3'].dropna().astype(str)
                s = s.str.strip().str.upper()
                # non-productive CDR3s (stop '*' / frameshift '_') are missing, i.e. empty documents
                return [x if ('*' not in x and '_' not in x) else '' for x in s]
            fit, app = cdr3s(fit_file), cdr3s(apply_file)
            res = {}
            for k in (1, 2, 3, 4):
                cv = CountVectorizer(analyzer='char', ngram_range=(k, k), lowercase=False)
                cv.fit(fit)
                res[k] = list(cv.get_feature_names_out())
                np.save(f'{out}/fit{k}.npy', cv.transform(fit).toarray().astype(np.int64))
                np.save(f'{out}/apply{k}.npy', cv.transform(app).toarray().astype(np.int64))
            json.dump({'vocab': res, 'n_fit': len(fit), 'n_apply': len(app)}, open(f'{out}/vocab.json', 'w'))
            """;

    @Test
    void countsAndVocabularyEqualCountVectorizer() throws Exception {
        for (String chain : List.of("TRB", "TRA")) {
            Path out = Files.createDirectories(dir.resolve(chain));
            PythonEnv.project().runScript(SCRIPT, RealCdr3.contigs("BL6").toString(), RealCdr3.contigs("MD4").toString(),
                    chain, out.toString()).orThrow("CountVectorizer reference");
            var ref = new ObjectMapper().readTree(out.resolve("vocab.json").toFile());
            List<String> fit = nonEmpty(RealCdr3.cdr3("BL6", chain));
            List<String> apply = nonEmpty(RealCdr3.cdr3("MD4", chain));
            assertEquals(ref.get("n_fit").asInt(), fit.size());
            assertEquals(ref.get("n_apply").asInt(), apply.size());
            assertTrue(fit.size() > 20, "real data has CDR3s");
            for (int k = 1; k <= 4; k++) {
                List<String> clean = Cdr3.cleanAll(fit, Cdr3.InvalidCharacters.REJECT, chain);
                KmerVocabulary v = KmerVocabulary.fit(clean, k);
                List<String> expectedVocab = new ObjectMapper().convertValue(ref.get("vocab").get(String.valueOf(k)),
                        new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { });
                assertEquals(expectedVocab, v.kmers(), chain + " k=" + k);
                assertSameCounts(Npy.read(out.resolve("fit" + k + ".npy")), v.transform(clean));
                List<String> cleanApply = Cdr3.cleanAll(apply, Cdr3.InvalidCharacters.REJECT, chain);
                assertSameCounts(Npy.read(out.resolve("apply" + k + ".npy")), v.transform(cleanApply));
            }
        }
    }

    private static List<String> nonEmpty(List<String> raw) {
        // pandas reads empty cells as NaN and the script drops them; do the same here.
        return raw.stream().filter(s -> !s.isEmpty()).toList();
    }

    private static void assertSameCounts(Npy.Array expected, CsrMatrix actual) {
        assertArrayEquals(expected.shape(), new int[] {actual.nRows(), actual.nCols()});
        long[] e = expected.asLongs();
        float[] a = actual.toDense().data();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], (long) a[i], "entry " + i);
        }
    }
}
