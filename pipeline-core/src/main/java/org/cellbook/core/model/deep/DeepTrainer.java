package org.cellbook.core.model.deep;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Minibatch Adam on binary cross-entropy with logits (mean over the batch of the rows' class
 * weight times their loss, as PyTorch's {@code BCEWithLogitsLoss(weight=...)}), with early
 * stopping on a validation split.
 * Call only inside {@link DeepEngine#exclusive} (one gradient collector per JVM, global seed).
 *
 * <p>Reproducible: PyTorch's generator is seeded before the weights are initialised (DJL's
 * default Xavier initialisation draws from it, as do dropout masks), the batch order is a
 * Fisher-Yates shuffle from a Java generator seeded from the fit's seed, and PyTorch runs on one
 * thread; the same seed and data give bit-identical weights and probabilities.
 */
final class DeepTrainer {
    private final String family;
    private final TrainingSettings settings;
    private float[] classWeight;

    DeepTrainer(String family, TrainingSettings settings) {
        this.family = family;
        this.settings = settings;
    }

    /**
     * Trains {@code block} on the split's training rows of the row-major {@code x}.
     *
     * @param torchSeed seeds PyTorch (weights, dropout)
     * @param shuffleSeed seeds the batch order
     */
    FittedDeepClassifier train(Block block, float[] x, int width, int[] y, ValidationSplit split, int torchSeed,
                               long shuffleSeed) {
        classWeight = settings.classWeights(y);
        DeepEngine.engine().setRandomSeed(torchSeed);
        Model model = Model.newInstance(family, Device.cpu(), DeepEngine.ENGINE_NAME);
        boolean ok = false;
        try {
            model.setBlock(block);
            // DJL's config wants a loss; the step below computes its own class-weighted one.
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) settings.learningRate())).build())
                    .optDevices(new Device[] {Device.cpu()});
            TrainingHistory history;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, width));
                history = epochs(trainer, block, model.getNDManager(), x, width, y, split, shuffleSeed);
            }
            ok = true;
            return new FittedDeepClassifier(model, width, history, classWeight);
        } finally {
            if (!ok) {
                model.close();
            }
        }
    }

    private TrainingHistory epochs(Trainer trainer, Block block, NDManager params, float[] x, int width, int[] y,
                                   ValidationSplit split, long shuffleSeed) {
        SplittableRandom rng = new SplittableRandom(shuffleSeed);
        int[] order = split.train().clone();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> validLoss = new ArrayList<>();
        List<Parameter> parameters = block.getParameters().values();
        float[][] best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        boolean stopped = false;
        int epoch = 0;
        while (epoch < settings.maxEpochs()) {
            epoch++;
            shuffle(order, rng);
            trainLoss.add(oneEpoch(trainer, x, width, y, order));
            if (!split.hasValidation()) {
                bestEpoch = epoch;
                continue;
            }
            double v = Logits.meanLoss(Logits.of(block, params, x, width, split.validation()), y, split.validation(), classWeight);
            validLoss.add(v);
            if (v < bestLoss) {
                bestLoss = v;
                bestEpoch = epoch;
                best = snapshot(parameters);
            } else if (epoch - bestEpoch >= settings.patience()) {
                stopped = true;
                break;
            }
        }
        if (best != null && bestEpoch != epoch) {
            restore(parameters, best);
        } else if (best == null && split.hasValidation()) {
            bestEpoch = epoch; // the validation loss was never finite: keep the last weights
        }
        return new TrainingHistory(epoch, bestEpoch, stopped, toArray(trainLoss), toArray(validLoss), split.validation());
    }

    private double oneEpoch(Trainer trainer, float[] x, int width, int[] y, int[] order) {
        double sum = 0;
        for (int start = 0; start < order.length; start += settings.batchSize()) {
            int b = Math.min(settings.batchSize(), order.length - start);
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray xb = m.create(Batches.gather(x, width, order, start, b), new Shape(b, width));
                NDArray yb = m.create(Batches.labels(y, order, start, b), new Shape(b, 1));
                NDArray wb = m.create(Batches.weights(y, order, start, b, classWeight), new Shape(b, 1));
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray z = trainer.forward(new NDList(xb)).singletonOrThrow();
                    // Stable BCE with logits: max(z, 0) - z*y + log(1 + exp(-|z|)).
                    NDArray perRow = Activation.relu(z).sub(z.mul(yb)).add(Activation.softPlus(z.abs().neg()));
                    NDArray loss = perRow.mul(wb).mean();
                    gc.backward(loss);
                    sum += loss.getFloat() * (double) b;
                }
                trainer.step();
            }
        }
        return sum / order.length;
    }

    private static float[][] snapshot(List<Parameter> parameters) {
        float[][] s = new float[parameters.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = parameters.get(i).getArray().toFloatArray();
        }
        return s;
    }

    private static void restore(List<Parameter> parameters, float[][] saved) {
        for (int i = 0; i < saved.length; i++) {
            parameters.get(i).getArray().set(FloatBuffer.wrap(saved[i]));
        }
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static double[] toArray(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
