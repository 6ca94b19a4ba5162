package io.softmax4j.pipeline;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Starts ND4J (native libraries, CPU backend) and loads DL4J's network classes on a daemon
 * thread, so that the second or so this takes overlaps the command-line parsing, config and data
 * loading on the main thread instead of following them. It creates no network and draws no
 * random numbers, so results do not depend on it; a failure here is left for the main thread to
 * meet and report with its usual message.
 */
public final class BackendWarmup {
    private BackendWarmup() {
    }

    /** Starts the warm-up and returns at once. */
    public static void startInBackground() {
        Thread thread = new Thread(BackendWarmup::warmUp, "softmax4j-backend-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    static void warmUp() {
        try {
            Nd4j.getExecutioner();
            ClassLoader loader = BackendWarmup.class.getClassLoader();
            for (Class<?> c : new Class<?>[]{NeuralNetConfiguration.class, MultiLayerNetwork.class, ModelSerializer.class}) {
                Class.forName(c.getName(), true, loader);
            }
        } catch (Throwable e) {
            // deliberately quiet: the main thread reports any real problem when it uses ND4J
        }
    }
}
