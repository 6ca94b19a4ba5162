package io.softmax4j.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every DL4J and ND4J detail softmax4j relies on beyond their documented use, named in one place.
 * The fused step writes into the network's parameter and gradient buffers and advances its
 * counters the way {@code MultiLayerNetwork.fit} does; that is only right while these stay as
 * they are in DL4J 1.0.0-M2.1. {@code Dl4jInternalsTest} checks each against the DL4J on the
 * classpath and fails loudly after an upgrade that changes one.
 */
final class Dl4jInternals {
    /** The version these details were read from and tested with. */
    static final String VERSION = "1.0.0-M2.1";
    /** The one backend the fused step is proven on: ND4J's native CPU backend (off-heap buffers readable as NIO). */
    static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    /** A dense or output layer's weight parameter. */
    static final String WEIGHT_KEY = DefaultParamInitializer.WEIGHT_KEY;
    /** A dense or output layer's bias parameter. */
    static final String BIAS_KEY = DefaultParamInitializer.BIAS_KEY;
    /** The entries of DL4J's model zip (ModelSerializer). */
    static final String CONFIGURATION_JSON = ModelSerializer.CONFIGURATION_JSON;
    static final String COEFFICIENTS_BIN = ModelSerializer.COEFFICIENTS_BIN;
    static final String UPDATER_BIN = ModelSerializer.UPDATER_BIN;

    private Dl4jInternals() {
    }

    /**
     * The name under which {@code MultiLayerNetwork} hands a layer's gradient to its updater:
     * the layer index, '_', the parameter key (e.g. {@code 0_W}).
     */
    static String gradientKey(int layer, String parameter) {
        return layer + "_" + parameter;
    }

    /** Advances the network's iteration counter by one minibatch, as {@code fit}'s optimizer does. */
    static void countIteration(MultiLayerNetwork net) {
        BaseOptimizer.incrementIterationCount(net, 1);
    }

    /** Advances the network's epoch counter, as {@code fit(DataSetIterator)} does at an epoch's end. */
    static void countEpoch(MultiLayerNetwork net) {
        net.incrementEpochCount();
    }

    /** Whether ND4J runs on its native CPU backend. */
    static boolean onCpuBackend() {
        return isCpuBackend(Nd4j.getBackend().getClass().getName()) && Nd4j.getEnvironment().isCPU();
    }

    static boolean isCpuBackend(String backendClass) {
        return CPU_BACKEND.equals(backendClass);
    }

    /** The backend's class name, for messages. */
    static String backendName() {
        return Nd4j.getBackend().getClass().getName();
    }
}
