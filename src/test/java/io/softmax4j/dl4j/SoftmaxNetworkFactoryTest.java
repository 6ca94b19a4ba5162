package io.softmax4j.dl4j;

import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class SoftmaxNetworkFactoryTest {

    @Test
    void referenceRecipeBuildsOneSoftmaxLayerWithTheConfiguredHyperparameters() {
        RunConfig config = RunConfig.defaults();
        MultiLayerNetwork net = SoftmaxNetworkFactory.create(config.model(), config.training(), 784, 10);

        assertEquals(1, net.getnLayers());
        OutputLayer layer = (OutputLayer) net.getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(784, layer.getNIn());
        assertEquals(10, layer.getNOut());
        assertInstanceOf(ActivationSoftmax.class, layer.getActivationFn());
        assertInstanceOf(LossMCXENT.class, layer.getLossFn());
        Sgd sgd = assertInstanceOf(Sgd.class, layer.getIUpdater());
        assertEquals(0.005, sgd.getLearningRate(), 1e-12);
        assertEquals(42L, net.getLayerWiseConfigurations().getConf(0).getSeed());

        INDArray w = net.getParam("0_W");
        INDArray b = net.getParam("0_b");
        assertArrayEquals(new long[]{784, 10}, w.shape());
        assertEquals(10, b.length());
        assertEquals(0.0, b.sumNumber().doubleValue(), 0.0, "bias starts at 0");
        double std = w.stdNumber().doubleValue();
        assertEquals(0.01, std, 0.0005, "weights ~ normal(0, 0.01), std was " + std);
        assertEquals(0.0, w.meanNumber().doubleValue(), 0.001);
    }

    @Test
    void configSectionsReachTheNetwork() {
        RunConfig config = ConfigLoader.fromYaml("model: {initStd: 0.1, biasInit: 0.5}\n"
                        + "training: {seed: 7, updater: {type: nesterovs, learningRate: 0.2, momentum: 0.8}}\n",
                List.of(), "test.yaml");
        MultiLayerNetwork net = SoftmaxNetworkFactory.create(config.model(), config.training(), 100, 3);
        OutputLayer layer = (OutputLayer) net.getLayerWiseConfigurations().getConf(0).getLayer();
        Nesterovs n = assertInstanceOf(Nesterovs.class, layer.getIUpdater());
        assertEquals(0.2, n.getLearningRate(), 1e-12);
        assertEquals(0.8, n.getMomentum(), 1e-12);
        assertEquals(0.5, net.getParam("0_b").meanNumber().doubleValue(), 1e-6);
        assertEquals(0.1, net.getParam("0_W").stdNumber().doubleValue(), 0.01);
        assertArrayEquals(new long[]{100, 3}, net.getParam("0_W").shape());
    }

    @Test
    void sameSeedGivesSameInitialWeights() {
        RunConfig config = RunConfig.defaults();
        INDArray a = SoftmaxNetworkFactory.create(config.model(), config.training(), 784, 10).params();
        INDArray b = SoftmaxNetworkFactory.create(config.model(), config.training(), 784, 10).params();
        assertEquals(a, b);
    }
}
