package org.cellbook.core.tcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.junit.jupiter.api.Test;

class TcrEncoderTest {
    @Test
    void cleaningTreatsStopAndFrameshiftAsMissing() {
        assertEquals("CASSF", Cdr3.clean("  cassf ", Cdr3.InvalidCharacters.REJECT, "x"));
        assertNull(Cdr3.clean("CAS*SF", Cdr3.InvalidCharacters.REJECT, "x"));
        assertNull(Cdr3.clean("CAS_SF", Cdr3.InvalidCharacters.REJECT, "x"));
        assertNull(Cdr3.clean("NA", Cdr3.InvalidCharacters.REJECT, "x"));
        assertNull(Cdr3.clean("", Cdr3.InvalidCharacters.REJECT, "x"));
        assertNull(Cdr3.clean(null, Cdr3.InvalidCharacters.REJECT, "x"));
        assertEquals("CASF", Cdr3.clean("CASXF1", Cdr3.InvalidCharacters.DROP, "x"));
        assertNull(Cdr3.clean("X1", Cdr3.InvalidCharacters.DROP, "x"));
    }

    @Test
    void invalidCharacterIsRejectedNamingTheCell() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> TcrEncoder.fit(new TcrEncoder.Kmers(2), TcrEncoder.Chains.TRA, Arrays.asList("CASS", "CAXS"), null));
        assertTrue(e.getMessage().contains("TRA CDR3 of cell 1") && e.getMessage().contains("'X'"), e.getMessage());
    }

    @Test
    void bothChainsAreSideBySideWithIndicators() {
        List<String> tra = Arrays.asList("CAVS", null, "CAAS");
        List<String> trb = Arrays.asList("CASS", "CASR", "CA*S");
        TcrEncoder enc = TcrEncoder.fit(new TcrEncoder.Kmers(3), TcrEncoder.Chains.BOTH, tra, trb);
        FeatureBlock b = enc.transform(tra, trb);
        assertInstanceOf(CsrMatrix.class, b.values());
        assertEquals(List.of("TRA_has_chain", "TRA_kmer_AAS", "TRA_kmer_AVS", "TRA_kmer_CAA", "TRA_kmer_CAV",
                "TRB_has_chain", "TRB_kmer_ASR", "TRB_kmer_ASS", "TRB_kmer_CAS"), b.names());
        float[][] expected = {
            {1, 0, 1, 0, 1, 1, 0, 1, 1},
            {0, 0, 0, 0, 0, 1, 1, 0, 1},
            {1, 1, 0, 1, 0, 0, 0, 0, 0},
        };
        DenseMatrix d = b.values().toDense();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], d.get(i, j), "cell " + i + " column " + b.names().get(j));
            }
        }
    }

    @Test
    void unseenKmersAreIgnoredWhenApplied() {
        TcrEncoder enc = TcrEncoder.fit(new TcrEncoder.Kmers(2), TcrEncoder.Chains.TRB, null, List.of("CASS"));
        FeatureBlock b = enc.transform(null, List.of("CASSQW"));
        assertEquals(List.of("TRB_has_chain", "TRB_kmer_AS", "TRB_kmer_CA", "TRB_kmer_SS"), b.names());
        DenseMatrix d = b.values().toDense();
        assertEquals(1f, d.get(0, 1));
        assertEquals(1f, d.get(0, 3));
        assertEquals(4f, d.get(0, 0) + d.get(0, 1) + d.get(0, 2) + d.get(0, 3));
    }

    @Test
    void oneHotIsLeftAlignedAndPaddedAtTheEnd() {
        TcrEncoder enc = TcrEncoder.fit(new TcrEncoder.OneHot(0), TcrEncoder.Chains.TRA, Arrays.asList("CAW", "CY", null), null);
        FeatureBlock b = enc.transform(Arrays.asList("CY", "CAWYY", null), null);
        assertInstanceOf(DenseMatrix.class, b.values());
        assertEquals(1 + 3 * 20, b.names().size());
        assertEquals("TRA_p01_A", b.names().get(1));
        DenseMatrix d = b.values().toDense();
        int c = 1 + Cdr3.ALPHABET.indexOf('C');
        int y2 = 1 + 20 + Cdr3.ALPHABET.indexOf('Y');
        assertEquals(1f, d.get(0, c));
        assertEquals(1f, d.get(0, y2));
        float row0 = 0;
        float row1 = 0;
        float row2 = 0;
        for (int j = 1; j < 61; j++) {
            row0 += d.get(0, j);
            row1 += d.get(1, j);
            row2 += d.get(2, j);
        }
        assertEquals(2f, row0, "two residues, third position is padding");
        assertEquals(3f, row1, "truncated to the fitted length 3");
        assertEquals(0f, row2);
        assertEquals(0f, d.get(2, 0));
    }

    @Test
    void physicochemicalBlockHasIndicatorAndNames() {
        FeatureBlock b = TcrEncoder.fit(new TcrEncoder.Physicochemical(), TcrEncoder.Chains.TRB, null,
                Arrays.asList("CASSF", null)).transform(null, Arrays.asList("CASSF", null));
        assertEquals("TRB_has_chain", b.names().get(0));
        assertEquals("TRB_isoelectric_point", b.names().get(5));
        assertEquals(5f, b.values().toDense().get(0, 1));
        assertEquals(0f, b.values().toDense().get(1, 1));
    }

    @Test
    void badParametersAreNamed() {
        assertEquals("parameter 'k'", assertThrows(BadInputException.class,
                () -> KmerVocabulary.fit(List.of("CASS"), 0)).where());
        assertEquals("parameter 'k'", assertThrows(BadInputException.class,
                () -> KmerVocabulary.fit(List.of("CA"), 3)).where());
        assertEquals("parameter 'maxLength'", assertThrows(BadInputException.class, () -> new OneHotEncoding(0)).where());
        assertEquals("parameter 'trbCdr3'", assertThrows(BadInputException.class,
                () -> TcrEncoder.fit(new TcrEncoder.Kmers(2), TcrEncoder.Chains.BOTH, List.of("CAS"), List.of("CAS", "CAT"))).where());
        assertEquals("parameter 'traCdr3'", assertThrows(BadInputException.class,
                () -> TcrEncoder.fit(new TcrEncoder.Kmers(2), TcrEncoder.Chains.TRA, null, List.of("CAS"))).where());
    }
}
