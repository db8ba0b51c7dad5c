package org.cellbook.core.model.cv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.split.LeaveOneGroupOut;
import org.cellbook.core.model.split.Split;

/**
 * Leave-one-patient-out nested cross-validation: for every feature set, model plan and patient,
 * one {@link FoldTask} (outer split: {@link LeaveOneGroupOut} on the feature set's patients;
 * inner: {@code innerSplitter} with {@code innerSplits} splits over the remaining patients).
 * {@link #plan} is pure: the same inputs give the same tasks, ids and seeds.
 *
 * @param innerSplitter "stratified_group_kfold" (default) or "group_kfold"
 */
public record NestedLopo(List<FeatureSet> featureSets, List<ModelPlan> models, String innerSplitter, int innerSplits,
                         long globalSeed) {
    public NestedLopo {
        featureSets = List.copyOf(featureSets);
        models = List.copyOf(models);
        FoldTaskRunner.innerSplitter(innerSplitter, innerSplits); // validate early
        java.util.Set<String> names = new java.util.HashSet<>();
        for (FeatureSet fs : featureSets) {
            if (!names.add(fs.name())) {
                throw BadInputException.parameter("feature sets", "two feature sets are named '" + fs.name() + "'", "give each a unique name");
            }
        }
    }

    public static NestedLopo of(List<FeatureSet> featureSets, List<ModelPlan> models, long seed) {
        return new NestedLopo(featureSets, models, "stratified_group_kfold", 3, seed);
    }

    public List<FoldTask> plan() {
        List<FoldTask> tasks = new ArrayList<>();
        for (FeatureSet fs : featureSets) {
            List<Split> outer = new LeaveOneGroupOut().split(fs.labels(), fs.groups());
            for (ModelPlan mp : models) {
                long searchSeed = TaskSeeds.derive(globalSeed, "search/" + fs.name() + "/" + mp.model().name());
                for (int k = 0; k < outer.size(); k++) {
                    Split s = outer.get(k);
                    String patient = fs.groups().labels().get(k);
                    String id = fs.name() + "/" + mp.model().name() + "/fold-" + String.format("%02d", k) + "-" + patient;
                    tasks.add(new FoldTask(id, TaskSeeds.derive(globalSeed, id), searchSeed, fs.name(), mp.model(),
                            mp.search(), innerSplitter, innerSplits, k, patient, s.train(), s.test()));
                }
            }
        }
        return tasks;
    }

    public Map<String, FeatureSet> data() {
        Map<String, FeatureSet> m = new LinkedHashMap<>();
        featureSets.forEach(fs -> m.put(fs.name(), fs));
        return m;
    }

    public CvResults run(FoldExecutor executor, ProgressListener progress) {
        List<FoldTask> tasks = plan();
        return new CvResults(tasks, executor.run(tasks, data(), progress), data());
    }
}
