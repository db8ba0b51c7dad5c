package org.cellbook.core.model.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cellbook.core.model.classifiers.Params;

/**
 * A bidirectional LSTM on one-hot sequences ({@link SequenceInput}): {@code hidden_units} per
 * direction, outputs of both directions concatenated per position, max pooling over positions,
 * Dropout, Linear(1).
 *
 * <p>Built from two unidirectional LSTMs, the second reading the sequence reversed (its outputs
 * reversed back so both directions line up by position), because DJL 0.35's built-in
 * {@code optBidirectional(true)} with biases crashes on the PyTorch engine. Padding is not masked:
 * padded positions are all-zero inputs, which the LSTMs learn to pass over.
 */
public final class BiLstmNetwork implements Network {
    @Override
    public String family() {
        return "bilstm";
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden_units", 32);
        m.put("dropout", 0.1);
        return m;
    }

    @Override
    public Block build(int inputWidth, Params p) {
        int length = SequenceInput.length(inputWidth, family());
        int hidden = TrainingSettings.atLeast(p, family(), "hidden_units", 1);
        float dropout = (float) Network.dropout(p, family());
        SequentialBlock net = new SequentialBlock();
        net.add(new LambdaBlock(x -> new NDList(SequenceInput.reshape(x.singletonOrThrow(), length)), "to_sequence"));
        net.add(new TwoWayLstm(hidden));
        net.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().max(new int[] {1})), "max_over_positions"));
        net.add(Dropout.builder().optRate(dropout).build());
        net.add(Linear.builder().setUnits(1).build());
        return net;
    }

    /** {@code [batch, length, channels]} to {@code [batch, length, 2 * hidden]}. */
    static final class TwoWayLstm extends AbstractBlock {
        private final int hidden;
        private final LSTM forwardLstm;
        private final LSTM backwardLstm;

        TwoWayLstm(int hidden) {
            this.hidden = hidden;
            this.forwardLstm = addChildBlock("forward", lstm(hidden));
            this.backwardLstm = addChildBlock("backward", lstm(hidden));
        }

        private static LSTM lstm(int hidden) {
            return LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray there = forwardLstm.forward(ps, new NDList(x), training).head();
            NDArray back = backwardLstm.forward(ps, new NDList(x.flip(1)), training).head().flip(1);
            return new NDList(there.concat(back, 2));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape s = inputShapes[0];
            return new Shape[] {new Shape(s.get(0), s.get(1), 2L * hidden)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            forwardLstm.initialize(manager, dataType, inputShapes[0]);
            backwardLstm.initialize(manager, dataType, inputShapes[0]);
        }
    }
}
