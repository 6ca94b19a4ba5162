package io.softmax4j.dl4j;

import io.softmax4j.data.ImageBatchIterator;
import io.softmax4j.data.LabeledImages;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Starts ND4J (native libraries, CPU backend, BLAS) and loads DL4J's network classes on a
 * daemon thread, and runs the batch loop's Java code on blank images so the JIT has compiled
 * it, so that the second or so all this takes overlaps the command-line parsing, config and
 * data loading on the main thread instead of following them. It creates no network, draws no
 * random numbers and touches no data or state of the run, so results do not depend on it; a
 * failure here is left for the main thread to meet and report with its usual message.
 */
final class BackendWarmup {
    private static final int ROWS = 256;
    private static final int SIDE = 28;

    private BackendWarmup() {
    }

    /** Starts the warm-up for training and returns at once. */
    static void startInBackground() {
        startInBackground(true);
    }

    /**
     * Starts the warm-up and returns at once.
     *
     * @param training also compile the batch loop and make the first GEMM (what {@code train}
     *                 needs; {@code evaluate} and {@code predict} need only ND4J and DL4J loaded)
     */
    static void startInBackground(boolean training) {
        Thread thread = new Thread(() -> warmUp(training), "softmax4j-backend-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    static void warmUp() {
        warmUp(true);
    }

    static void warmUp(boolean training) {
        try {
            Nd4j.getExecutioner();
            ClassLoader loader = BackendWarmup.class.getClassLoader();
            for (Class<?> c : new Class<?>[]{NeuralNetConfiguration.class, MultiLayerNetwork.class, ModelSerializer.class}) {
                Class.forName(c.getName(), true, loader);
            }
            if (training) {
                warmBatchLoop();
                warmGemm();
            }
        } catch (Throwable e) {
            // deliberately quiet: the main thread reports any real problem when it uses ND4J
        }
    }

    /** ImageBatchIterator.nextInto over blank images into a direct buffer, as training calls it. */
    private static void warmBatchLoop() {
        int features = SIDE * SIDE;
        LabeledImages blank = new LabeledImages(new byte[2 * ROWS * features], new byte[2 * ROWS], SIDE, SIDE,
                List.of("0", "1"));
        ImageBatchIterator it = new ImageBatchIterator(blank, ROWS, true, 0);
        FloatBuffer buffer = ByteBuffer.allocateDirect(ROWS * features * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        int[] labels = new int[ROWS];
        for (int epoch = 0; epoch < 40; epoch++) {
            it.setEpoch(epoch);
            while (it.hasNext()) {
                buffer.clear();
                it.nextInto(buffer, labels);
            }
        }
    }

    /** The first matrix product initialises BLAS; on zeros, so no random numbers are drawn. */
    private static void warmGemm() {
        INDArray x = Nd4j.create(DataType.FLOAT, new long[]{ROWS, SIDE * SIDE}, 'c');
        INDArray w = Nd4j.create(DataType.FLOAT, new long[]{SIDE * SIDE, 10}, 'f');
        INDArray z = Nd4j.create(DataType.FLOAT, new long[]{ROWS, 10}, 'c');
        for (int i = 0; i < 3; i++) {
            Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
        }
    }
}
