package io.softmax4j.dl4j;

import io.softmax4j.data.ImageBatchIterator;
import io.softmax4j.data.LabeledImages;
import io.softmax4j.engine.BatchListener;
import io.softmax4j.engine.EpochFitter;
import io.softmax4j.engine.SoftmaxModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A {@link SoftmaxModel} backed by a DL4J {@link MultiLayerNetwork}. */
public final class Dl4jModel implements SoftmaxModel {
    /** Large batches: evaluation has no gradient to keep small, and fewer calls cost less. */
    static final int EVAL_BATCH = 2000;

    private final MultiLayerNetwork net;

    /** Wraps {@code net} (initialised; its last layer a softmax output layer). */
    public Dl4jModel(MultiLayerNetwork net) {
        this.net = net;
    }

    /** The DL4J network itself, for code (and tests) that work with DL4J directly. */
    public MultiLayerNetwork network() {
        return net;
    }

    /** The DL4J network of {@code model}, which must come from this engine. */
    public static MultiLayerNetwork network(SoftmaxModel model) {
        if (model instanceof Dl4jModel m) {
            return m.net;
        }
        throw new IllegalArgumentException("not a DL4J model: " + model.getClass().getName());
    }

    @Override
    public int inputs() {
        return (int) net.layerInputSize(0);
    }

    @Override
    public int classes() {
        return (int) net.layerSize(net.getnLayers() - 1);
    }

    @Override
    public float[] parameters() {
        return net.params().toFloatVector();
    }

    @Override
    public void setParameters(float[] parameters) {
        if (parameters.length != net.numParams()) {
            throw new IllegalArgumentException("got " + parameters.length + " parameters, the model has " + net.numParams());
        }
        net.setParams(Nd4j.create(parameters, new long[]{1, parameters.length}, 'c'));
    }

    @Override
    public float[][] weights() {
        return outputParam(Dl4jInternals.WEIGHT_KEY).toFloatMatrix();
    }

    @Override
    public float[] bias() {
        return outputParam(Dl4jInternals.BIAS_KEY).toFloatVector();
    }

    @Override
    public void setWeights(float[][] weights, float[] bias) {
        INDArray w = outputParam(Dl4jInternals.WEIGHT_KEY);
        INDArray b = outputParam(Dl4jInternals.BIAS_KEY);
        if (weights.length != w.rows() || bias.length != b.length()
                || java.util.Arrays.stream(weights).anyMatch(row -> row.length != w.columns())) {
            throw new IllegalArgumentException("weights must be " + w.rows() + " x " + w.columns() + " and bias "
                    + b.length() + " long");
        }
        w.assign(Nd4j.create(weights));
        b.assign(Nd4j.create(bias, new long[]{1, bias.length}, 'c'));
    }

    private INDArray outputParam(String key) {
        return net.getParam(Dl4jInternals.gradientKey(net.getnLayers() - 1, key));
    }

    @Override
    public float[][] predict(float[][] inputs) {
        return net.output(Nd4j.create(inputs), false).toFloatMatrix();
    }

    @Override
    public double accuracy(LabeledImages set) {
        Dl4jBatchIterator it = new Dl4jBatchIterator(new ImageBatchIterator(set, EVAL_BATCH, false, 0));
        long correct = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray predicted = net.output(ds.getFeatures(), false).argMax(1);
            INDArray actual = ds.getLabels().argMax(1);
            correct += predicted.eq(actual).castTo(DataType.INT).sumNumber().longValue();
        }
        return (double) correct / set.count();
    }

    /**
     * The accuracy exactly as {@link #accuracy} computes it and the mean cross-entropy as
     * {@link #classify} computes it, from the same forward pass.
     */
    EpochFitter.Evaluation evaluateOnePass(LabeledImages set) {
        Dl4jBatchIterator it = new Dl4jBatchIterator(new ImageBatchIterator(set, EVAL_BATCH, false, 0));
        long correct = 0;
        double lossSum = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray out = net.output(ds.getFeatures(), false);
            INDArray predicted = out.argMax(1);
            INDArray actual = ds.getLabels().argMax(1);
            correct += predicted.eq(actual).castTo(DataType.INT).sumNumber().longValue();
            lossSum += crossEntropySum(out, ds.getLabels());
        }
        return new EpochFitter.Evaluation((double) correct / set.count(), lossSum / set.count());
    }

    @Override
    public Classified classify(LabeledImages set) {
        int[] predicted = new int[set.count()];
        float[] probability = new float[set.count()];
        Dl4jBatchIterator it = new Dl4jBatchIterator(new ImageBatchIterator(set, EVAL_BATCH, false, 0));
        double lossSum = 0;
        int offset = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray out = net.output(ds.getFeatures(), false);
            lossSum += crossEntropySum(out, ds.getLabels());
            offset += keepPredictions(out, offset, predicted, probability);
        }
        return new Classified(predicted, probability, lossSum);
    }

    /** Summed cross-entropy of softmax outputs against one-hot labels, clipped like DL4J's MCXENT. */
    static double crossEntropySum(INDArray probabilities, INDArray labels) {
        INDArray logp = Transforms.log(Transforms.max(probabilities, 1e-10, true), false);
        return -logp.muli(labels).sumNumber().doubleValue();
    }

    /** Stores each row's predicted class and its probability at {@code offset}; returns the row count. */
    private static int keepPredictions(INDArray probabilities, int offset, int[] predicted, float[] probability) {
        int[] argMax = probabilities.argMax(1).toIntVector();
        for (int r = 0; r < argMax.length; r++) {
            predicted[offset + r] = argMax[r];
            probability[offset + r] = probabilities.getFloat(r, argMax[r]);
        }
        return argMax.length;
    }

    @Override
    public EpochFitter fitter(boolean fusedStep) {
        FusedSoftmaxFitter fused = fusedStep ? FusedSoftmaxFitter.forNetwork(net) : null;
        return fused != null ? new FusedFitter(fused) : new PlainFitter();
    }

    @Override
    public Map<String, byte[]> zipEntries(boolean withUpdater) throws IOException {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, model, withUpdater);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(model.toByteArray()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    /** Epochs through the fused step; accuracy from the logits, one GEMM per batch. */
    private static final class FusedFitter implements EpochFitter {
        private final FusedSoftmaxFitter fused;

        FusedFitter(FusedSoftmaxFitter fused) {
            this.fused = fused;
        }

        @Override
        public void fitEpoch(ImageBatchIterator batches, BatchListener listener) {
            fused.fitEpoch(batches, listener);
        }

        @Override
        public EpochFitter.Evaluation evaluate(LabeledImages set) {
            return fused.evaluate(set, EVAL_BATCH);
        }

        @Override
        public boolean fused() {
            return true;
        }
    }

    /** Epochs through DL4J's own {@code fit}, our listener attached for the epoch only. */
    private final class PlainFitter implements EpochFitter {
        @Override
        public void fitEpoch(ImageBatchIterator batches, BatchListener listener) {
            var before = new java.util.ArrayList<>(net.getListeners());
            var listeners = new java.util.ArrayList<>(before);
            listeners.add(0, new Dl4jListenerAdapter(listener));
            net.setListeners(listeners);
            try {
                net.fit(new Dl4jBatchIterator(batches));
            } finally {
                net.setListeners(before);
            }
        }

        @Override
        public EpochFitter.Evaluation evaluate(LabeledImages set) {
            return Dl4jModel.this.evaluateOnePass(set);
        }

        @Override
        public boolean fused() {
            return false;
        }
    }
}
