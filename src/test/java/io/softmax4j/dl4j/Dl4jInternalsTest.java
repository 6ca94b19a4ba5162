package io.softmax4j.dl4j;

import io.softmax4j.artifact.SafeModelLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.ImageBatchIterator;
import io.softmax4j.testing.SyntheticImages;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fails loudly when a DL4J upgrade changes one of the internals the fused step and the model
 * zip rely on ({@link Dl4jInternals}): then re-prove the fused step (FusedSoftmaxFitterTest)
 * before updating these.
 */
class Dl4jInternalsTest {
    private static final String UPGRADE = " (DL4J " + new Dl4jEngine().version() + " differs from "
            + Dl4jInternals.VERSION + ", which the fused step was proven on)";

    @Test
    void theDl4jVersionIsTheOneTheInternalsWereReadFrom() {
        assertEquals(Dl4jInternals.VERSION, new Dl4jEngine().version(), "re-check Dl4jInternals" + UPGRADE);
    }

    @Test
    void parameterKeysAndZipEntryNames() {
        assertEquals("W", DefaultParamInitializer.WEIGHT_KEY, UPGRADE);
        assertEquals("b", DefaultParamInitializer.BIAS_KEY, UPGRADE);
        assertEquals(SafeModelLoader.CONFIGURATION_JSON, ModelSerializer.CONFIGURATION_JSON, UPGRADE);
        assertEquals(SafeModelLoader.COEFFICIENTS_BIN, ModelSerializer.COEFFICIENTS_BIN, UPGRADE);
        assertEquals(SafeModelLoader.UPDATER_BIN, ModelSerializer.UPDATER_BIN, UPGRADE);
    }

    @Test
    void fitNamesGradientsAndAdvancesCountersAsTheFusedStepDoes() {
        RunConfig rc = RunConfig.defaults();
        MultiLayerNetwork net = SoftmaxNetworkFactory.create(rc.model(), rc.training(), 784, 10);
        net.fit(new Dl4jBatchIterator(new ImageBatchIterator(SyntheticImages.make(64, 10, 1), 32, false, 0)));
        assertEquals(Set.of(Dl4jInternals.gradientKey(0, Dl4jInternals.WEIGHT_KEY),
                        Dl4jInternals.gradientKey(0, Dl4jInternals.BIAS_KEY)),
                net.gradient().gradientForVariable().keySet(), "gradient keys" + UPGRADE);
        assertEquals(2, net.getIterationCount(), "one iteration per minibatch" + UPGRADE);
        assertEquals(1, net.getEpochCount(), "one epoch per pass" + UPGRADE);

        Dl4jInternals.countIteration(net);
        Dl4jInternals.countEpoch(net);
        assertEquals(3, net.getIterationCount(), UPGRADE);
        assertEquals(2, net.getEpochCount(), UPGRADE);
    }

    @Test
    void parametersAreOneFloatVectorWeightsColumnMajorThenBias() {
        RunConfig rc = RunConfig.defaults();
        MultiLayerNetwork net = SoftmaxNetworkFactory.create(rc.model(), rc.training(), 6, 3);
        INDArray w = net.getParam(Dl4jInternals.gradientKey(0, Dl4jInternals.WEIGHT_KEY));
        INDArray b = net.getParam(Dl4jInternals.gradientKey(0, Dl4jInternals.BIAS_KEY));
        assertEquals('f', w.ordering(), UPGRADE);
        assertEquals(0, w.offset(), UPGRADE);
        assertEquals(18, b.offset(), "bias after the weights" + UPGRADE);
        float[] flat = net.params().toFloatVector();
        assertEquals(w.getFloat(1, 0), flat[1], "W[1][0] is the second value (column-major)" + UPGRADE);
        assertEquals(w.getFloat(0, 1), flat[6], UPGRADE);
        assertEquals(b.getFloat(2), flat[20], UPGRADE);
        assertTrue(net.params().data().asNio().isDirect(), "parameters live off-heap, readable as NIO" + UPGRADE);
    }

    @Test
    void theCpuBackendIsRecognised() {
        assertTrue(Dl4jInternals.onCpuBackend(), Dl4jInternals.backendName() + UPGRADE);
        assertEquals(Dl4jInternals.CPU_BACKEND, Nd4j.getBackend().getClass().getName(), UPGRADE);
    }
}
