package io.softmax4j.dl4j;

import io.softmax4j.config.ModelConfig;
import io.softmax4j.config.TrainingConfig;
import io.softmax4j.engine.Engine;
import io.softmax4j.engine.SoftmaxModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

/** Deeplearning4j on ND4J: the {@link Engine} softmax4j ships (registered in META-INF/services). */
public final class Dl4jEngine implements Engine {
    @Override
    public String name() {
        return "Deeplearning4j " + version();
    }

    @Override
    public String version() {
        try (InputStream in = MultiLayerNetwork.class.getResourceAsStream(
                "/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public SoftmaxModel create(ModelConfig model, TrainingConfig training, int inputs, int classes) {
        return new Dl4jModel(SoftmaxNetworkFactory.create(model, training, inputs, classes));
    }

    @Override
    public SoftmaxModel read(byte[] zip, boolean withUpdater) throws IOException {
        return new Dl4jModel(ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), withUpdater));
    }

    @Override
    public SoftmaxModel read(Path zip, boolean withUpdater) throws IOException {
        return new Dl4jModel(ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), withUpdater));
    }

    /** ND4J's binary format of a {@code [1, n]} float row vector (what {@code net.params().dup()} is). */
    @Override
    public byte[] writeVector(float[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4j.write(Nd4j.create(values, new long[]{1, values.length}, 'c'), out);
        }
        return bytes.toByteArray();
    }

    @Override
    public float[] readVector(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            INDArray array = Nd4j.read(in);
            return array.toFloatVector();
        } catch (RuntimeException e) {
            throw new IOException("not an ND4J array: " + e.getMessage(), e);
        }
    }

    @Override
    public void setThreads(int threads) {
        ThreadSettings.apply(threads);
    }

    @Override
    public void warmUpInBackground() {
        BackendWarmup.startInBackground();
    }

    @Override
    public void warmUpInBackground(boolean training) {
        BackendWarmup.startInBackground(training);
    }
}
