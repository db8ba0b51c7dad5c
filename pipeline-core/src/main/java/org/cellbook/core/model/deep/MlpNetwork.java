package org.cellbook.core.model.deep;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cellbook.core.model.classifiers.Params;

/**
 * A multilayer perceptron on dense features: {@code n_layers} x (Linear(hidden_units), ReLU,
 * Dropout), then Linear(1). Scale the features first (the feature set's fold transforms).
 */
public final class MlpNetwork implements Network {
    @Override
    public String family() {
        return "mlp";
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden_units", 64);
        m.put("n_layers", 2);
        m.put("dropout", 0.1);
        return m;
    }

    @Override
    public Block build(int inputWidth, Params p) {
        int hidden = TrainingSettings.atLeast(p, family(), "hidden_units", 1);
        int layers = TrainingSettings.atLeast(p, family(), "n_layers", 1);
        float dropout = (float) Network.dropout(p, family());
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < layers; i++) {
            net.add(Linear.builder().setUnits(hidden).build());
            net.add(Activation.reluBlock());
            net.add(Dropout.builder().optRate(dropout).build());
        }
        net.add(Linear.builder().setUnits(1).build());
        return net;
    }
}
