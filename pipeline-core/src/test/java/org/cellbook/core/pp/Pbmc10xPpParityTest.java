package org.cellbook.core.pp;

import org.cellbook.core.env.Project;

/** scanpy's Cell Ranger 3.0.0 test matrix (shared real data). */
class Pbmc10xPpParityTest extends PpParityBase {
    @Override
    String dataset() {
        return Project.sharedRealData().resolve("scanpy-10x/3.0.0/filtered_feature_bc_matrix").toString();
    }
}
