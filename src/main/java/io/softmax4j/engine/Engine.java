package io.softmax4j.engine;

import io.softmax4j.config.ModelConfig;
import io.softmax4j.config.TrainingConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * The one seam between softmax4j and a deep-learning library: it makes, reads and writes
 * {@link SoftmaxModel}s. Nothing outside the adapter package that implements it names the
 * library's types (an architecture test keeps it so); the implementation is found with
 * {@link ServiceLoader}, as DJL finds its engines. softmax4j ships one: Deeplearning4j on ND4J's
 * CPU backend ({@code io.softmax4j.dl4j.Dl4jEngine}).
 */
public interface Engine {
    /** The engine on the classpath. */
    static Engine get() {
        return Holder.ENGINE;
    }

    /** The library and its version, e.g. {@code Deeplearning4j 1.0.0-M2.1}. */
    String name();

    /** The library's version, recorded in every model's manifest ({@code unknown} if it cannot tell). */
    String version();

    /**
     * A freshly initialised softmax-regression model: {@code inputs -> classes}, softmax,
     * cross-entropy, weights from normal(0, {@code model.initStd}) drawn with
     * {@code training.seed}, the configured updater and L2.
     */
    SoftmaxModel create(ModelConfig model, TrainingConfig training, int inputs, int classes);

    /**
     * Reads a model zip in the engine's own format (the entries {@link SoftmaxModel#zipEntries}
     * writes). It trusts its input: callers check untrusted files first (SafeModelLoader).
     *
     * @param withUpdater also restore the updater state (to continue training)
     */
    SoftmaxModel read(byte[] zip, boolean withUpdater) throws IOException;

    /** As {@link #read(byte[], boolean)}, from a file. */
    SoftmaxModel read(Path zip, boolean withUpdater) throws IOException;

    /** A parameter vector in the engine's binary array format (as kept inside checkpoints). */
    byte[] writeVector(float[] values) throws IOException;

    /** The inverse of {@link #writeVector}. */
    float[] readVector(byte[] bytes) throws IOException;

    /** The most threads the engine's math (its thread pool and BLAS) may use. */
    void setThreads(int threads);

    /**
     * Starts the engine's native libraries on a daemon thread and returns at once, so their
     * start-up overlaps the caller's own work. Changes no result.
     */
    void warmUpInBackground();

    /**
     * As {@link #warmUpInBackground()}; with {@code training} false, leaves out what only
     * training needs (for {@code evaluate} and {@code predict}).
     */
    default void warmUpInBackground(boolean training) {
        warmUpInBackground();
    }

    /** Lazy holder: the first call to {@link #get()} looks the engine up. */
    final class Holder {
        private static final Engine ENGINE = ServiceLoader.load(Engine.class, Engine.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no softmax4j engine on the classpath (expected "
                        + "io.softmax4j.dl4j.Dl4jEngine, listed in META-INF/services/" + Engine.class.getName() + ")"));

        private Holder() {
        }
    }
}
