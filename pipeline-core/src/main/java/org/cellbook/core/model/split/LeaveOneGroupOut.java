package org.cellbook.core.model.split;

import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.BadInputException;

/** scikit-learn's {@code LeaveOneGroupOut}: one split per group, groups in sorted order. */
public final class LeaveOneGroupOut implements GroupSplitter {
    @Override
    public List<Split> split(int[] y, Groups groups) {
        if (groups.nGroups() <= 1) {
            throw BadInputException.parameter("groups", "LeaveOneGroupOut needs at least 2 groups, got "
                    + groups.labels(), "check the patient column and the supervised mask");
        }
        int[] codes = groups.codes();
        List<Split> out = new ArrayList<>(groups.nGroups());
        for (int g = 0; g < groups.nGroups(); g++) {
            boolean[] mask = new boolean[codes.length];
            for (int i = 0; i < codes.length; i++) {
                mask[i] = codes[i] == g;
            }
            out.add(GroupSplitter.fromTestMask(mask));
        }
        return out;
    }

    @Override
    public String describe() {
        return "LeaveOneGroupOut()";
    }
}
