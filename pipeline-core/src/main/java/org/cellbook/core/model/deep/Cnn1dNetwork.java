package org.cellbook.core.model.deep;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cellbook.core.model.classifiers.Params;

/**
 * A 1D convolutional network on one-hot sequences ({@link SequenceInput}): Conv1d over positions
 * ({@code filters} filters of width {@code kernel_size}, amino acids as channels, zero padding
 * kernel_size/2 on both sides), ReLU, global max pooling over positions (a motif detector that
 * does not care where the motif sits), Dropout, Linear(1).
 */
public final class Cnn1dNetwork implements Network {
    @Override
    public String family() {
        return "cnn1d";
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filters", 64);
        m.put("kernel_size", 5);
        m.put("dropout", 0.1);
        return m;
    }

    @Override
    public Block build(int inputWidth, Params p) {
        int length = SequenceInput.length(inputWidth, family());
        int filters = TrainingSettings.atLeast(p, family(), "filters", 1);
        int kernel = TrainingSettings.atLeast(p, family(), "kernel_size", 1);
        float dropout = (float) Network.dropout(p, family());
        SequentialBlock net = new SequentialBlock();
        // [batch, length * 20] -> [batch, 20 channels, length] (DJL's Conv1d is NCW).
        net.add(new LambdaBlock(x -> new NDList(SequenceInput.reshape(x.singletonOrThrow(), length).transpose(0, 2, 1)),
                "to_channels_first"));
        net.add(Conv1d.builder().setKernelShape(new Shape(kernel)).setFilters(filters).optPadding(new Shape(kernel / 2)).build());
        net.add(Activation.reluBlock());
        net.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().max(new int[] {2})), "global_max_pool"));
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(1).build());
        return net;
    }
}
