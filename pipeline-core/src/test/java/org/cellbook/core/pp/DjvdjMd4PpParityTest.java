package org.cellbook.core.pp;

import org.cellbook.core.env.Project;

/** djvdj's mouse spleen MD4 gene-expression matrix (shared real data; 25 seurat_v3 genes tie at the cut-off). */
class DjvdjMd4PpParityTest extends PpParityBase {
    @Override
    String dataset() {
        return Project.sharedRealData().resolve("djvdj-splen/MD4_GEX/filtered_feature_bc_matrix").toString();
    }
}
