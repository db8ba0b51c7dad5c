package org.cellbook.core.model.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.model.classifiers.Params;

/**
 * A small Transformer encoder on one-hot sequences ({@link SequenceInput}): a linear embedding of
 * each position to {@code d_model}, plus fixed sinusoidal position encodings (Vaswani et al.);
 * {@code n_layers} post-norm encoder layers (multi-head self-attention with {@code n_heads}
 * heads, then a ReLU feed-forward of {@code ff_units}, each with dropout, a residual connection
 * and LayerNorm, as PyTorch's {@code nn.TransformerEncoderLayer}); mean pooling over the
 * sequence's real positions; Dropout; Linear(1).
 *
 * <p>Padding is masked: attention never looks at padded positions (all-zero one-hot rows) and
 * they are left out of the mean. Built from DJL's {@link ScaledDotProductAttentionBlock} rather
 * than its {@code TransformerEncoderBlock}, which normalises with BatchNorm and adds the block's
 * input, not the attention output, in its second residual connection.
 */
public final class TransformerNetwork implements Network {
    @Override
    public String family() {
        return "transformer";
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("d_model", 32);
        m.put("n_heads", 4);
        m.put("n_layers", 2);
        m.put("ff_units", 64);
        m.put("dropout", 0.1);
        return m;
    }

    @Override
    public Block build(int inputWidth, Params p) {
        int length = SequenceInput.length(inputWidth, family());
        int d = TrainingSettings.atLeast(p, family(), "d_model", 1);
        int heads = TrainingSettings.atLeast(p, family(), "n_heads", 1);
        int layers = TrainingSettings.atLeast(p, family(), "n_layers", 1);
        int ff = TrainingSettings.atLeast(p, family(), "ff_units", 1);
        float dropout = (float) Network.dropout(p, family());
        if (d % heads != 0) {
            throw BadInputException.parameter(family() + ".n_heads", "d_model " + d + " is not divisible by n_heads " + heads,
                    "choose n_heads dividing d_model");
        }
        return new Encoder(length, d, heads, layers, ff, dropout);
    }

    /** {@code [batch, length * 20]} to one logit {@code [batch, 1]}. */
    static final class Encoder extends AbstractBlock {
        private final int length;
        private final int d;
        private final float[] positions;
        private final Linear embed;
        private final List<EncoderLayer> layers = new ArrayList<>();
        private final Dropout dropout;
        private final Linear head;

        Encoder(int length, int d, int heads, int nLayers, int ff, float dropoutRate) {
            this.length = length;
            this.d = d;
            this.positions = sinusoids(length, d);
            this.embed = addChildBlock("embed", Linear.builder().setUnits(d).build());
            for (int i = 0; i < nLayers; i++) {
                layers.add(addChildBlock("layer" + i, new EncoderLayer(d, heads, ff, dropoutRate)));
            }
            this.dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
            this.head = addChildBlock("head", Linear.builder().setUnits(1).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = SequenceInput.reshape(inputs.singletonOrThrow(), length);
            long batch = x.getShape().get(0);
            NDArray real = x.sum(new int[] {2}); // [batch, length]: 1 at residues, 0 at padding
            NDArray mask = real.expandDims(1).broadcast(batch, length, length); // [batch, query, key]
            NDArray h = embed.forward(ps, new NDList(x), training).head()
                    .add(x.getManager().create(positions, new Shape(length, d)));
            for (EncoderLayer layer : layers) {
                h = layer.forward(ps, new NDList(h, mask), training).head();
            }
            NDArray count = real.sum(new int[] {1}, true).maximum(1f); // [batch, 1]; empty rows divide by 1
            NDArray pooled = h.mul(real.expandDims(2)).sum(new int[] {1}).div(count);
            NDArray out = dropout.forward(ps, new NDList(pooled), training).head();
            return head.forward(ps, new NDList(out), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            long batch = inputShapes[0].get(0);
            Shape seq = new Shape(batch, length, d);
            embed.initialize(manager, dataType, new Shape(batch, length, SequenceInput.ALPHABET_SIZE));
            for (EncoderLayer layer : layers) {
                layer.initialize(manager, dataType, seq, new Shape(batch, length, length));
            }
            dropout.initialize(manager, dataType, new Shape(batch, d));
            head.initialize(manager, dataType, new Shape(batch, d));
        }

        /** The fixed encodings PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(...), row-major [length, d]. */
        static float[] sinusoids(int length, int d) {
            float[] pe = new float[length * d];
            for (int pos = 0; pos < length; pos++) {
                for (int i = 0; i < d; i++) {
                    double angle = pos / Math.pow(10000, (double) (i - i % 2) / d);
                    pe[pos * d + i] = (float) (i % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
                }
            }
            return pe;
        }
    }

    /** Post-norm encoder layer: h = LN(x + Drop(MHA(x))); out = LN(h + Drop(FF(h))). Inputs: x, attention mask. */
    static final class EncoderLayer extends AbstractBlock {
        private final ScaledDotProductAttentionBlock attention;
        private final LayerNorm attentionNorm;
        private final Linear expand;
        private final Linear contract;
        private final LayerNorm outputNorm;
        private final Dropout dropout;
        private final int ff;

        EncoderLayer(int d, int heads, int ff, float dropoutRate) {
            this.ff = ff;
            this.attention = addChildBlock("attention", ScaledDotProductAttentionBlock.builder().setEmbeddingSize(d)
                    .setHeadCount(heads).optAttentionProbsDropoutProb(dropoutRate).build());
            this.attentionNorm = addChildBlock("attention_norm", LayerNorm.builder().axis(2).build());
            this.expand = addChildBlock("expand", Linear.builder().setUnits(ff).build());
            this.contract = addChildBlock("contract", Linear.builder().setUnits(d).build());
            this.outputNorm = addChildBlock("output_norm", LayerNorm.builder().axis(2).build());
            this.dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.get(0);
            NDArray attended = attention.forward(ps, inputs, training).head();
            NDArray h = attentionNorm.forward(ps, new NDList(x.add(drop(ps, attended, training))), training).head();
            NDArray f = contract.forward(ps, new NDList(Activation.relu(expand.forward(ps, new NDList(h), training).head())),
                    training).head();
            return outputNorm.forward(ps, new NDList(h.add(drop(ps, f, training))), training);
        }

        private NDArray drop(ParameterStore ps, NDArray a, boolean training) {
            return dropout.forward(ps, new NDList(a), training).head();
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape x = inputShapes[0];
            attention.initialize(manager, dataType, inputShapes);
            attentionNorm.initialize(manager, dataType, x);
            expand.initialize(manager, dataType, x);
            contract.initialize(manager, dataType, new Shape(x.get(0), x.get(1), ff));
            outputNorm.initialize(manager, dataType, x);
            dropout.initialize(manager, dataType, x);
        }
    }
}
