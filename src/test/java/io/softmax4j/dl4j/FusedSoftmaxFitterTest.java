package io.softmax4j.training;

import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.testing.SyntheticImages;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fused step must train exactly as DL4J's {@code fit} does: same weights, same figures. */
class FusedSoftmaxFitterTest {
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
        Dataset data = SyntheticImages.dataset(210, 60);
        TrainingResult fit = new SoftmaxTrainer(config(updater, l2, false), TrainingListener.Defaults.none()).train(data);
        TrainingResult fused = new SoftmaxTrainer(config(updater, l2, true), TrainingListener.Defaults.none()).train(data);

        assertNotNull(fit.network().getUpdater(false), "runtime.fusedStep: false went through fit");
        if (updater.contains("sgd") && l2 == 0) {
            assertNull(fused.network().getUpdater(false), "plain SGD went through the fused step's axpy");
        }
        INDArray a = fit.network().params();
        INDArray b = fused.network().params();
        double maxDiff = a.sub(b).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-5, "weights differ by up to " + maxDiff + " (" + updater + ", l2 " + l2 + ")");
        assertEquals(fit.history().size(), fused.history().size());
        for (int i = 0; i < fit.history().size(); i++) {
            EpochMetrics x = fit.history().get(i);
            EpochMetrics y = fused.history().get(i);
            assertEquals(x.loss(), y.loss(), 1e-5, "loss of epoch " + (i + 1));
            assertEquals(x.trainAccuracy(), y.trainAccuracy(), 1e-12, "train accuracy of epoch " + (i + 1));
            assertEquals(x.testAccuracy(), y.testAccuracy(), 1e-12, "test accuracy of epoch " + (i + 1));
        }
        assertEquals(fit.network().getIterationCount(), fused.network().getIterationCount());
        assertEquals(fit.network().getEpochCount(), fused.network().getEpochCount());
    }

    @Test
    void dl4jListenersStillSeeEveryIterationWithItsScore() {
        Dataset data = SyntheticImages.dataset(100, 20);
        RunConfig rc = config("{type: sgd, learningRate: 0.1}", 0, true);
        MultiLayerNetwork net = io.softmax4j.model.SoftmaxNetworkFactory.create(rc.model(), rc.training(), 784, 10);
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
        io.softmax4j.data.ImageBatchIterator it = new io.softmax4j.data.ImageBatchIterator(data.train(), 32, true, 7);
        fitter.fitEpoch(it, (n, correct, loss) -> batchSizes.add(n));

        assertEquals(List.of("start", "end"), events);
        assertEquals(List.of(32, 32, 32, 4), batchSizes);
        assertEquals(4, scores.size());
        assertTrue(Math.abs(scores.get(0) - Math.log(10)) < 0.1, "first batch loss near ln(10): " + scores.get(0));
        assertEquals(4, net.getIterationCount());
        assertEquals(1, net.getEpochCount());
    }

    @Test
    void otherNetworkShapesAreLeftToFit() {
        MultiLayerNetwork hidden = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        hidden.init();
        assertNull(FusedSoftmaxFitter.forNetwork(hidden), "two layers");

        MultiLayerNetwork mse = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(784).nOut(10)
                        .activation(Activation.IDENTITY).build())
                .build());
        mse.init();
        assertNull(FusedSoftmaxFitter.forNetwork(mse), "not softmax + cross-entropy");
    }
}
