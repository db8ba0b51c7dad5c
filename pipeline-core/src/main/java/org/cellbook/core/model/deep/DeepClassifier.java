package org.cellbook.core.model.deep;

import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.cellbook.core.BadInputException;
import org.cellbook.core.model.classifiers.Classifier;
import org.cellbook.core.model.classifiers.Params;
import org.cellbook.core.model.classifiers.TrainingData;

/**
 * A deep model family for the nested cross-validation: a {@link Network} trained by Adam with
 * early stopping ({@link TrainingSettings}) on a patient-level validation split of the training
 * data ({@link ValidationSplit}). Output: sigmoid of one logit, the probability of class 1.
 *
 * <p>Seeds: from the fit's seed, a {@link SplittableRandom} draws the validation-split seed, the
 * batch-order seed and PyTorch's seed, in that order. Fits and predictions are serialised JVM-wide
 * ({@link DeepEngine#exclusive}).
 */
public final class DeepClassifier implements Classifier {
    private final Network network;

    public DeepClassifier(Network network) {
        this.network = network;
    }

    public Network network() {
        return network;
    }

    @Override
    public String family() {
        return network.family();
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>(TrainingSettings.defaults());
        m.putAll(network.defaults());
        return m;
    }

    @Override
    public FittedDeepClassifier fit(TrainingData data, Map<String, Object> params, long seed) {
        Params p = new Params(family(), defaults(), params);
        TrainingSettings settings = TrainingSettings.from(p, family());
        if (data.x().length == 0) {
            throw BadInputException.parameter(family() + " training data", "no rows", "fit on at least one row of each class");
        }
        int width = data.nFeatures();
        Block block = network.build(width, p);
        float[] x = Batches.flatten(data.x(), width, family());
        SplittableRandom seeds = new SplittableRandom(seed);
        ValidationSplit split = ValidationSplit.of(data.groups(), data.y(), settings.validationFraction(), seeds.nextLong());
        long shuffleSeed = seeds.nextLong();
        int torchSeed = seeds.nextInt();
        return DeepEngine.exclusive(() -> new DeepTrainer(family(), settings).train(block, x, width, data.y(), split,
                torchSeed, shuffleSeed));
    }

    /** The four deep families: mlp, cnn1d, bilstm, transformer. */
    public static java.util.List<DeepClassifier> all() {
        return java.util.List.of(new DeepClassifier(new MlpNetwork()), new DeepClassifier(new Cnn1dNetwork()),
                new DeepClassifier(new BiLstmNetwork()), new DeepClassifier(new TransformerNetwork()));
    }
}
