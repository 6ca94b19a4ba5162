package io.softmax4j.dl4j;

import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.ImageBatchIterator;
import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.training.SoftmaxTrainer;
import io.softmax4j.training.TrainingListener;
import io.softmax4j.training.TrainingResult;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.softmax4j.testing.BitIdentical.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused step must train exactly as DL4J's {@code fit} does where it runs (same weights, same
 * figures), and must not run where that is not proven: other network shapes, other data types,
 * other backends. There the model trains through {@code fit}, bit for bit as with the fused
 * step switched off.
 */
class FusedSoftmaxFitterTest {
    private static final Dataset DATA = SyntheticImages.dataset(210, 60);

    private static RunConfig config(String updater, double l2, boolean fused) {
        return ConfigLoader.fromYaml("data: {batchSize: 32}\n"
                + "training: {epochs: 3, seed: 7, l2: " + l2 + ", updater: " + updater + "}\n"
                + "runtime: {fusedStep: " + fused + "}\n", List.of(), "test.yaml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{type: sgd, learningRate: 0.1}", "{type: nesterovs, learningRate: 0.05}",
            "{type: adam, learningRate: 0.01}"})
    void fusedStepTrainsLikeDl4jFit(String updater) {
        assertSameTraining(updater, 0.0);
    }

    @Test
    void fusedStepMatchesFitWithL2() {
        assertSameTraining("{type: sgd, learningRate: 0.1}", 0.01);
    }

    private static void assertSameTraining(String updater, double l2) {
        // 210 examples in batches of 32: six full batches and a short one of 18 every epoch
        TrainingResult fit = new SoftmaxTrainer(config(updater, l2, false), TrainingListener.Defaults.none()).train(DATA);
        TrainingResult fused = new SoftmaxTrainer(config(updater, l2, true), TrainingListener.Defaults.none()).train(DATA);
        MultiLayerNetwork fitNet = Dl4jModel.network(fit.network());
        MultiLayerNetwork fusedNet = Dl4jModel.network(fused.network());

        assertNotNull(fitNet.getUpdater(false), "runtime.fusedStep: false went through fit");
        if (updater.contains("sgd") && l2 == 0) {
            assertNull(fusedNet.getUpdater(false), "plain SGD went through the fused step's axpy");
        }
        double maxDiff = fitNet.params().sub(fusedNet.params()).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-5, "weights differ by up to " + maxDiff + " (" + updater + ", l2 " + l2 + ")");
        assertEquals(fit.history().size(), fused.history().size());
        for (int i = 0; i < fit.history().size(); i++) {
            EpochMetrics x = fit.history().get(i);
            EpochMetrics y = fused.history().get(i);
            assertEquals(x.loss(), y.loss(), 1e-5, "loss of epoch " + (i + 1));
            assertEquals(x.trainAccuracy(), y.trainAccuracy(), 1e-12, "train accuracy of epoch " + (i + 1));
            assertEquals(x.testAccuracy(), y.testAccuracy(), 1e-12, "test accuracy of epoch " + (i + 1));
        }
        assertEquals(fitNet.getIterationCount(), fusedNet.getIterationCount());
        assertEquals(fitNet.getEpochCount(), fusedNet.getEpochCount());
    }

    @Test
    void theReferenceShapeRunsFusedOnTheCpuBackend() {
        RunConfig rc = config("{type: sgd, learningRate: 0.1}", 0, true);
        MultiLayerNetwork net = SoftmaxNetworkFactory.create(rc.model(), rc.training(), 784, 10);
        assertTrue(Dl4jInternals.onCpuBackend(), "these tests run on ND4J's CPU backend: " + Dl4jInternals.backendName());
        assertNotNull(FusedSoftmaxFitter.forNetwork(net));
        assertTrue(new Dl4jModel(net).fitter(true).fused());
        assertFalse(new Dl4jModel(net).fitter(false).fused(), "runtime.fusedStep: false");
    }

    @Test
    void dl4jListenersStillSeeEveryIterationWithItsScore() {
        Dataset data = SyntheticImages.dataset(100, 20);
        RunConfig rc = config("{type: sgd, learningRate: 0.1}", 0, true);
        MultiLayerNetwork net = SoftmaxNetworkFactory.create(rc.model(), rc.training(), 784, 10);
        FusedSoftmaxFitter fitter = FusedSoftmaxFitter.forNetwork(net);
        assertNotNull(fitter);
        List<Double> scores = new ArrayList<>();
        List<String> events = new ArrayList<>();
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void onEpochStart(Model model) {
                events.add("start");
            }

            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                scores.add(model.score());
            }

            @Override
            public void onEpochEnd(Model model) {
                events.add("end");
            }
        });
        List<Integer> batchSizes = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        ImageBatchIterator it = new ImageBatchIterator(data.train(), 32, true, 7);
        fitter.fitEpoch(it, (n, correct, loss) -> {
            batchSizes.add(n);
            losses.add(loss);
        });

        assertEquals(List.of("start", "end"), events);
        assertEquals(List.of(32, 32, 32, 4), batchSizes);
        assertEquals(losses, scores, "the listener's loss is the score DL4J's listeners see");
        assertTrue(Math.abs(scores.get(0) - Math.log(10)) < 0.1, "first batch loss near ln(10): " + scores.get(0));
        assertEquals(4, net.getIterationCount());
        assertEquals(1, net.getEpochCount());
    }

    /** Networks the fused step does not compute, each with a name. */
    static Stream<Object[]> refusedShapes() {
        return Stream.of(
                new Object[]{"two layers", (Supplier<MultiLayerNetwork>) () -> net(builder().list()
                        .layer(new DenseLayer.Builder().nIn(784).nOut(5).activation(Activation.TANH).build())
                        .layer(softmaxOut(5).build()).build())},
                new Object[]{"not softmax + cross-entropy", (Supplier<MultiLayerNetwork>) () -> net(builder().list()
                        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(784).nOut(10)
                                .activation(Activation.IDENTITY).build()).build())},
                new Object[]{"weighted cross-entropy", (Supplier<MultiLayerNetwork>) () -> net(builder().list()
                        .layer(new OutputLayer.Builder(new LossMCXENT(Nd4j.linspace(1, 10, 10, DataType.FLOAT)))
                                .nIn(784).nOut(10).activation(Activation.SOFTMAX).build()).build())},
                new Object[]{"no bias", (Supplier<MultiLayerNetwork>) () -> net(builder().list()
                        .layer(softmaxOut(784).hasBias(false).build()).build())},
                new Object[]{"float64", (Supplier<MultiLayerNetwork>) () -> net(builder().dataType(DataType.DOUBLE).list()
                        .layer(softmaxOut(784).build()).build())});
    }

    private static NeuralNetConfiguration.Builder builder() {
        return new NeuralNetConfiguration.Builder().seed(7).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER);
    }

    private static OutputLayer.Builder softmaxOut(int nIn) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(nIn).nOut(10).activation(Activation.SOFTMAX);
    }

    private static MultiLayerNetwork net(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedShapes")
    void shapesItCannotComputeFallBackToFitBitForBit(String name, Supplier<MultiLayerNetwork> make) {
        assertNull(FusedSoftmaxFitter.forNetwork(make.get()), name);
        Dl4jModel fusedAsked = new Dl4jModel(make.get());
        Dl4jModel fitAsked = new Dl4jModel(make.get());
        assertFalse(fusedAsked.fitter(true).fused(), name + ": trains through fit");
        TrainingResult a = new SoftmaxTrainer(config("{type: sgd, learningRate: 0.1}", 0, true),
                TrainingListener.Defaults.none()).train(fusedAsked, DATA);
        TrainingResult b = new SoftmaxTrainer(config("{type: sgd, learningRate: 0.1}", 0, false),
                TrainingListener.Defaults.none()).train(fitAsked, DATA);
        assertBitIdentical(b.network().parameters(), a.network().parameters(), name);
        assertEquals(b.history().stream().map(EpochMetrics::loss).toList(), a.history().stream().map(EpochMetrics::loss).toList(),
                name + ": epoch losses");
        assertEquals(b.history().stream().map(EpochMetrics::testAccuracy).toList(),
                a.history().stream().map(EpochMetrics::testAccuracy).toList(), name + ": test accuracies");
        assertEquals(3, Dl4jModel.network(a.network()).getEpochCount(), name + ": three epochs of fit");
    }

    @Test
    void anotherBackendFallsBackToFitAndSaysSoOnce() {
        RunConfig rc = config("{type: sgd, learningRate: 0.1}", 0, true);
        MultiLayerNetwork net = SoftmaxNetworkFactory.create(rc.model(), rc.training(), 784, 10);
        List<String> said = new ArrayList<>();
        FusedSoftmaxFitter.OnceWarning warning = new FusedSoftmaxFitter.OnceWarning(said::add);
        String cuda = "org.nd4j.linalg.jcublas.JCublasBackend";
        assertNull(FusedSoftmaxFitter.forNetwork(net, cuda, warning));
        assertNull(FusedSoftmaxFitter.forNetwork(net, cuda, warning));
        assertEquals(1, said.size(), "said once: " + said);
        assertTrue(said.get(0).contains(cuda) && said.get(0).contains("fit instead"), said.get(0));
        assertNotNull(FusedSoftmaxFitter.forNetwork(net, Dl4jInternals.CPU_BACKEND, warning), "the CPU backend runs it");
        assertEquals(1, said.size());
    }

    @Test
    void theFusedAccuracyAgreesWithTheNetworksOutput() {
        TrainingResult fused = new SoftmaxTrainer(config("{type: sgd, learningRate: 0.1}", 0, true),
                TrainingListener.Defaults.none()).train(DATA);
        Dl4jModel model = (Dl4jModel) fused.network();
        assertEquals(model.accuracy(DATA.test()), model.fitter(true).accuracy(DATA.test()), 1e-12,
                "fused accuracy (logits) and the network's output agree");
        double evaluateLoss = model.classify(DATA.test()).lossSum() / DATA.test().count();
        assertEquals(evaluateLoss, model.fitter(true).evaluate(DATA.test()).loss(), 1e-6, "fused loss");
        assertEquals(evaluateLoss, model.fitter(false).evaluate(DATA.test()).loss(), 1e-9, "plain loss");
        assertEquals(model.accuracy(DATA.test()), model.fitter(false).evaluate(DATA.test()).accuracy(), 0.0);
    }
}
