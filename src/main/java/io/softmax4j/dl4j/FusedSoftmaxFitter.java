package io.softmax4j.dl4j;

import io.softmax4j.data.ImageBatchIterator;
import io.softmax4j.data.LabeledImages;
import io.softmax4j.engine.BatchListener;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The fast path of {@code fit} for the one network shape softmax4j trains: a single
 * {@link OutputLayer} with softmax activation and (unweighted) multi-class cross-entropy.
 *
 * <p>Per minibatch it does exactly the math of {@link MultiLayerNetwork#fit} with stochastic
 * gradient descent, with two matrix products instead of five: logits {@code Z = XW + b}
 * (one GEMM), softmax, the loss clipped like DL4J's {@code LossMCXENT}, the delta
 * {@code P - Y}, the weight gradient {@code X^T delta} (the second GEMM) and the bias gradient
 * into the network's own gradient view, then the update: for plain SGD (no regularisation)
 * {@code params -= lr * gradient / n} as one BLAS {@code axpy}, otherwise DL4J's own updater
 * for the network (so Nesterov, Adam, L2 and their state behave exactly as in {@code fit})
 * and {@code params -= update}. DL4J's {@code fit} computes the logits three times per batch (for
 * the gradient, again for the score, again here for the train accuracy) and the unused input
 * gradient; this path reuses the one forward pass for loss, accuracy and gradient.
 *
 * <p>Batches are written by {@link ImageBatchIterator#nextInto} straight into off-heap arrays
 * allocated once, so nothing is allocated per batch. DL4J listeners attached to the network
 * still get {@code onEpochStart}, {@code iterationDone} (with {@code model.score()} set to the
 * batch loss) and {@code onEpochEnd}, and the iteration and epoch counters advance as in
 * {@code fit}. The batch figures go to a {@link BatchListener} instead of {@code onBackwardPass}.
 *
 * <p>It guards itself: {@link #forNetwork} hands out a fitter only where this class is proven
 * equal to {@code fit} ({@code FusedSoftmaxFitterTest}): ND4J's native CPU backend (it reads and
 * writes the off-heap buffers directly), float32 parameters, and the one layer shape of
 * {@link #supports}. On another backend it says so once and the caller falls back to {@code fit}.
 * The DL4J internals it relies on are named in {@link Dl4jInternals}.
 */
final class FusedSoftmaxFitter {
    /** Enough for training's and evaluation's full and short batches. */
    private static final int MAX_BUFFER_SETS = 6;

    /** Said once per process when the backend rules the fused step out. */
    static final OnceWarning BACKEND_WARNING = new OnceWarning(
            org.slf4j.LoggerFactory.getLogger(FusedSoftmaxFitter.class)::warn);

    private final MultiLayerNetwork net;
    private final Layer layer;
    private final int nIn;
    private final int nOut;
    private final INDArray weights;
    private final FloatBuffer params;
    private final INDArray paramVector;
    private final INDArray updateVector;
    private final INDArray weightGradient;
    private final FloatBuffer gradient;
    private final Gradient gradientForUpdater;
    private final boolean regularised;
    /** The layer's updater when it is plain SGD for weights and bias without regularisation, else null. */
    private final Sgd plainSgd;
    private final boolean miniBatch;
    private final float[] bias;
    /** The probability clipping of the layer's {@code LossMCXENT} ({@code softmaxClipEps}). */
    private final float clip;
    private final List<Buffers> buffers = new ArrayList<>();

    private FusedSoftmaxFitter(MultiLayerNetwork net) {
        this.net = net;
        this.layer = net.getLayer(0);
        OutputLayer conf = (OutputLayer) layer.conf().getLayer();
        this.nIn = (int) conf.getNIn();
        this.nOut = (int) conf.getNOut();
        this.weights = layer.getParam(Dl4jInternals.WEIGHT_KEY);
        this.params = floats(net.params());
        if (net.getGradientsViewArray() == null) {
            net.initGradientsView();
        }
        INDArray gradientView = net.getGradientsViewArray();
        this.paramVector = net.params();
        this.updateVector = gradientView.reshape(paramVector.shape());
        this.gradient = floats(gradientView);
        Map<String, INDArray> views = DefaultParamInitializer.getInstance()
                .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
        this.weightGradient = views.get(Dl4jInternals.WEIGHT_KEY);
        // named as MultiLayerNetwork names them for its updater
        this.gradientForUpdater = new DefaultGradient(gradientView);
        this.gradientForUpdater.setGradientFor(Dl4jInternals.gradientKey(0, Dl4jInternals.WEIGHT_KEY), weightGradient);
        this.gradientForUpdater.setGradientFor(Dl4jInternals.gradientKey(0, Dl4jInternals.BIAS_KEY),
                views.get(Dl4jInternals.BIAS_KEY));
        this.regularised = !conf.getRegularization().isEmpty() || !conf.getRegularizationBias().isEmpty();
        this.bias = new float[nOut];
        IUpdater weightUpdater = conf.getIUpdater();
        IUpdater biasUpdater = conf.getBiasUpdater() == null ? weightUpdater : conf.getBiasUpdater();
        this.plainSgd = !regularised && weightUpdater instanceof Sgd sgd && weightUpdater.equals(biasUpdater) ? sgd : null;
        this.miniBatch = layer.conf().isMiniBatch();
        this.clip = (float) ((LossMCXENT) conf.getLossFn()).getSoftmaxClipEps();
    }

    /**
     * A fitter for {@code net}, or {@code null} when this path is not proven equal to
     * {@code fit} for it (then use {@code fit}): another backend than ND4J's native CPU one
     * (said once, as a warning), or a network that is not the single float32
     * softmax/cross-entropy output layer of {@link #supports}.
     */
    static FusedSoftmaxFitter forNetwork(MultiLayerNetwork net) {
        return forNetwork(net, Dl4jInternals.backendName(), BACKEND_WARNING);
    }

    /** As {@link #forNetwork(MultiLayerNetwork)} on the named backend, warning through {@code warning}. */
    static FusedSoftmaxFitter forNetwork(MultiLayerNetwork net, String backendClass, OnceWarning warning) {
        if (!Dl4jInternals.isCpuBackend(backendClass)) {
            warning.say("the fused training step runs only on ND4J's native CPU backend, not on " + backendClass
                    + "; training with DL4J's fit instead (same results, slower)");
            return null;
        }
        return supports(net) ? new FusedSoftmaxFitter(net) : null;
    }

    /** Whether {@code net} is a network whose training step this class reproduces exactly. */
    static boolean supports(MultiLayerNetwork net) {
        if (net.getnLayers() != 1 || !(net.getLayer(0).conf().getLayer() instanceof OutputLayer conf)) {
            return false;
        }
        long nIn = conf.getNIn();
        long nOut = conf.getNOut();
        INDArray w = net.getLayer(0).getParam(Dl4jInternals.WEIGHT_KEY);
        INDArray b = net.getLayer(0).getParam(Dl4jInternals.BIAS_KEY);
        return conf.getActivationFn() instanceof ActivationSoftmax
                && conf.getLossFn() instanceof LossMCXENT loss && loss.getWeights() == null
                && conf.hasBias() && b != null && w != null
                && conf.getIDropout() == null && conf.getWeightNoise() == null
                && (conf.getConstraints() == null || conf.getConstraints().isEmpty())
                && (conf.getGradientNormalization() == null || conf.getGradientNormalization() == GradientNormalization.None)
                && net.getLayerWiseConfigurations().getInputPreProcess(0) == null
                && net.getLayerWiseConfigurations().getDataType() == DataType.FLOAT
                && net.params().dataType() == DataType.FLOAT && w.dataType() == DataType.FLOAT
                && net.getLayerWiseConfigurations().getBackpropType() == org.deeplearning4j.nn.conf.BackpropType.Standard
                && net.params().length() == nIn * nOut + nOut && b.offset() == nIn * nOut && w.offset() == 0
                && w.ordering() == 'f' && nIn <= Integer.MAX_VALUE && nOut <= 10_000;
    }

    /** One pass over {@code batches} (positioned at the epoch's start), like {@code net.fit(batches)}. */
    void fitEpoch(ImageBatchIterator batches, BatchListener sink) {
        for (TrainingListener l : net.getListeners()) {
            l.onEpochStart(net);
        }
        Updater updater = plainSgd == null ? net.getUpdater() : null;
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        while (batches.hasNext()) {
            Buffers buf = buffersFor(batches);
            buf.features.clear();
            int n = batches.nextInto(buf.features, buf.labels);
            if (n != buf.rows) {
                throw new IllegalStateException("batch of " + n + " examples, expected " + buf.rows);
            }
            Nd4j.gemm(buf.x, weights, buf.z, false, false, 1.0, 0.0);
            long correct = softmaxDelta(buf, n);
            double score = buf.lossSum / n + (regularised ? net.calcRegularizationScore(true) : 0.0);
            Nd4j.gemm(buf.x, buf.delta, weightGradient, true, false, 1.0, 0.0);
            writeBiasGradient(buf, n);
            int iteration = net.getIterationCount();
            if (plainSgd != null) {
                // What DL4J's SGD updater computes, params -= lr * (gradient / n), as one BLAS
                // axpy; DL4J's generic updater path costs ~0.7 ms of bookkeeping per batch.
                double step = plainSgd.getLearningRate(iteration, net.getEpochCount()) / (miniBatch ? n : 1);
                Nd4j.getBlasWrapper().level1().axpy(paramVector.length(), -step, updateVector, paramVector);
            } else {
                updater.update(layer, gradientForUpdater, iteration, net.getEpochCount(), n, noWorkspaces);
                paramVector.subi(updateVector);
            }
            net.setScore(score);
            sink.onBatch(n, correct, score);
            for (TrainingListener l : net.getListeners()) {
                l.iterationDone(net, iteration, net.getEpochCount());
            }
            Dl4jInternals.countIteration(net);
        }
        for (TrainingListener l : net.getListeners()) {
            l.onEpochEnd(net);
        }
        Dl4jInternals.countEpoch(net);
    }

    /**
     * From the logits in {@code buf.z}: adds the bias, takes the softmax, accumulates the
     * clipped cross-entropy into {@code buf.lossSum}, writes {@code P - Y} into {@code buf.delta}
     * and returns how many rows' largest logit is their label.
     */
    private long softmaxDelta(Buffers buf, int n) {
        readBias();
        FloatBuffer z = buf.logits;
        FloatBuffer d = buf.deltas;
        float[] row = buf.row;
        long correct = 0;
        double lossSum = 0;
        for (int r = 0; r < n; r++) {
            int base = r * nOut;
            int best = 0;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < nOut; j++) {
                float v = z.get(base + j) + bias[j];
                row[j] = v;
                if (v > max) {
                    max = v;
                    best = j;
                }
            }
            float sum = 0f;
            for (int j = 0; j < nOut; j++) {
                float e = (float) Math.exp(row[j] - max);
                row[j] = e;
                sum += e;
            }
            int label = buf.labels[r];
            for (int j = 0; j < nOut; j++) {
                float p = row[j] / sum;
                d.put(base + j, j == label ? p - 1f : p);
                if (j == label) {
                    lossSum -= Math.log(Math.min(Math.max(p, clip), 1f - clip));
                }
            }
            if (best == label) {
                correct++;
            }
        }
        buf.lossSum = lossSum;
        return correct;
    }

    /** The bias gradient: the column sums of the delta, into the gradient view after W's. */
    private void writeBiasGradient(Buffers buf, int n) {
        FloatBuffer d = buf.deltas;
        int offset = nIn * nOut;
        for (int j = 0; j < nOut; j++) {
            float s = 0f;
            for (int r = 0; r < n; r++) {
                s += d.get(r * nOut + j);
            }
            gradient.put(offset + j, s);
        }
    }

    private void readBias() {
        int offset = nIn * nOut;
        for (int j = 0; j < nOut; j++) {
            bias[j] = params.get(offset + j);
        }
    }

    /**
     * Test accuracy as {@code argmax(net.output(x)) == label} and the mean cross-entropy of the
     * softmax probabilities (clipped below at 1e-10, as {@code Dl4jModel.classify} clips them),
     * computed with one GEMM per {@code batchSize} examples. The accuracy compares the logits
     * (softmax keeps their order), so it is exactly what it was before the loss was added.
     */
    io.softmax4j.engine.EpochFitter.Evaluation evaluate(LabeledImages set, int batchSize) {
        ImageBatchIterator it = new ImageBatchIterator(set, batchSize, false, 0);
        long correct = 0;
        double lossSum = 0;
        float[] row = new float[nOut];
        while (it.hasNext()) {
            Buffers buf = buffersFor(it);
            buf.features.clear();
            int n = it.nextInto(buf.features, buf.labels);
            Nd4j.gemm(buf.x, weights, buf.z, false, false, 1.0, 0.0);
            readBias();
            for (int r = 0; r < n; r++) {
                int base = r * nOut;
                int best = 0;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < nOut; j++) {
                    float v = buf.logits.get(base + j) + bias[j];
                    row[j] = v;
                    if (v > max) {
                        max = v;
                        best = j;
                    }
                }
                int label = buf.labels[r];
                if (best == label) {
                    correct++;
                }
                float sum = 0f;
                for (int j = 0; j < nOut; j++) {
                    sum += (float) Math.exp(row[j] - max);
                }
                float p = (float) Math.exp(row[label] - max) / sum;
                lossSum -= Math.log(Math.max(p, 1e-10f));
            }
        }
        return set.count() == 0 ? new io.softmax4j.engine.EpochFitter.Evaluation(0, 0)
                : new io.softmax4j.engine.EpochFitter.Evaluation((double) correct / set.count(), lossSum / set.count());
    }

    /** The test accuracy alone, as {@link #evaluate}. */
    double accuracy(LabeledImages set, int batchSize) {
        return evaluate(set, batchSize).accuracy();
    }

    /**
     * The buffers for the iterator's next batch, allocated once per size and kept: training
     * needs a full batch and a short last one, evaluation its own large batch and its own
     * remainder, so each epoch reuses the same few off-heap arrays.
     */
    private Buffers buffersFor(ImageBatchIterator it) {
        int rows = it.nextBatchSize();
        for (Buffers b : buffers) {
            if (b.rows == rows) {
                return b;
            }
        }
        Buffers b = new Buffers(rows, nIn, nOut);
        if (buffers.size() >= MAX_BUFFER_SETS) {
            buffers.remove(0);
        }
        buffers.add(b);
        return b;
    }

    private static FloatBuffer floats(INDArray array) {
        if (array.offset() != 0 || array.data().dataType() != DataType.FLOAT) {
            throw new IllegalStateException("expected a float array at offset 0, got " + array.shapeInfoToString());
        }
        return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** The off-heap arrays of one batch size, with direct views for Java to read and write. */
    private static final class Buffers {
        final int rows;
        final INDArray x;
        final INDArray z;
        final INDArray delta;
        final FloatBuffer features;
        final FloatBuffer logits;
        final FloatBuffer deltas;
        final int[] labels;
        final float[] row;
        double lossSum;

        Buffers(int rows, int nIn, int nOut) {
            this.rows = rows;
            this.x = Nd4j.create(DataType.FLOAT, new long[]{rows, nIn}, 'c');
            this.z = Nd4j.create(DataType.FLOAT, new long[]{rows, nOut}, 'c');
            this.delta = Nd4j.create(DataType.FLOAT, new long[]{rows, nOut}, 'c');
            this.features = floats(x);
            this.logits = floats(z);
            this.deltas = floats(delta);
            this.labels = new int[rows];
            this.row = new float[nOut];
        }
    }

    /** A message said at most once (per instance). */
    static final class OnceWarning {
        private final Consumer<String> out;
        private final AtomicBoolean said = new AtomicBoolean();

        OnceWarning(Consumer<String> out) {
            this.out = out;
        }

        void say(String message) {
            if (said.compareAndSet(false, true)) {
                out.accept(message);
            }
        }
    }
}
