package org.cellbook.core.pp;

import org.cellbook.core.env.Project;

/** djvdj's mouse spleen BL6 gene-expression matrix (shared real data). */
class DjvdjSplenPpParityTest extends PpParityBase {
    @Override
    String dataset() {
        return Project.sharedRealData().resolve("djvdj-splen/BL6_GEX/filtered_feature_bc_matrix").toString();
    }
}
