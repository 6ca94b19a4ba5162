package io.softmax4j.dl4j;

import io.softmax4j.config.ModelConfig;
import io.softmax4j.config.TrainingConfig;
import io.softmax4j.config.UpdaterConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the softmax-regression network: one {@link OutputLayer}, {@code nIn -> nOut}, softmax
 * activation, multi-class cross-entropy loss, weights from normal(0, initStd), constant bias.
 */
public final class SoftmaxNetworkFactory {
    private SoftmaxNetworkFactory() {
    }

    /** The network configuration for the given model and training sections. */
    public static MultiLayerConfiguration configuration(ModelConfig model, TrainingConfig training, int nIn, int nOut) {
        NeuralNetConfiguration.ListBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(training.seed())
                .updater(updater(training.updater()))
                .l2(training.l2())
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(nIn)
                        .nOut(nOut)
                        .activation(Activation.SOFTMAX)
                        .weightInit(new WeightInitDistribution(new NormalDistribution(0, model.initStd())))
                        .biasInit(model.biasInit())
                        .build());
        return builder.build();
    }

    /** A freshly initialised network. */
    public static MultiLayerNetwork create(ModelConfig model, TrainingConfig training, int nIn, int nOut) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(model, training, nIn, nOut));
        net.init();
        return net;
    }

    static IUpdater updater(UpdaterConfig config) {
        if (config instanceof UpdaterConfig.Sgd sgd) {
            return new Sgd(sgd.learningRate());
        } else if (config instanceof UpdaterConfig.Nesterovs n) {
            return new Nesterovs(n.learningRate(), n.momentum());
        } else if (config instanceof UpdaterConfig.Adam a) {
            return new Adam(a.learningRate(), a.beta1(), a.beta2(), a.epsilon());
        }
        throw new IllegalArgumentException("unknown updater " + config);
    }
}
