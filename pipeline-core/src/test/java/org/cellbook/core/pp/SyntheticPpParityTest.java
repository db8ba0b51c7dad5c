package org.cellbook.core.pp;

import org.junit.jupiter.api.Test;

/** Negative-binomial counts made by numpy with a fixed seed: 800 cells x 1500 genes, 13 MT- genes, 3 batches. */
class SyntheticPpParityTest extends PpParityBase {
    @Override
    String dataset() {
        return "synthetic";
    }

    @Test
    void hvgSeuratV3WithBatchesJaccard() {
        assertSeuratV3("v3_batch", "batch");
    }
}
