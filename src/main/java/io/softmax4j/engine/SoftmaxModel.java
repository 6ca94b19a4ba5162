package io.softmax4j.engine;

import io.softmax4j.data.LabeledImages;

import java.io.IOException;
import java.util.Map;

/**
 * A softmax-regression classifier {@code p = softmax(xW + b)} as the rest of softmax4j sees it:
 * its parameters as float arrays, a forward pass, one training epoch at a time, and its zip
 * entries. Made, read and written by the {@link Engine}. Not thread-safe: share one only behind
 * a lock (as {@code Classifier} does).
 */
public interface SoftmaxModel {
    /** Input values per example (pixels). */
    int inputs();

    /** Output classes. */
    int classes();

    /**
     * A copy of all parameters as one vector, in the engine's layout (for DL4J: W column by
     * column, then b). Its bits identify the model: digests and reproduction tests use it.
     */
    float[] parameters();

    /** Replaces every parameter (a vector from {@link #parameters()} of a model of the same shape). */
    void setParameters(float[] parameters);

    /** A copy of the weights, {@code [inputs][classes]}. */
    float[][] weights();

    /** A copy of the biases, {@code [classes]}. */
    float[] bias();

    /** Replaces the weights ({@code [inputs][classes]}) and biases ({@code [classes]}), e.g. of a model trained elsewhere. */
    void setWeights(float[][] weights, float[] bias);

    /** Class probabilities for each input row (values in 0..1, {@link #inputs()} per row). */
    float[][] predict(float[][] inputs);

    /**
     * One forward pass over a labelled set (pixels scaled as in training), in large batches:
     * each example's predicted class and its probability, and the summed cross-entropy.
     */
    Classified classify(LabeledImages set);

    /** The share of {@code set} whose most probable class is its label. */
    double accuracy(LabeledImages set);

    /**
     * What trains this model epoch by epoch.
     *
     * @param fusedStep allow the engine's fast path where it is proven equal to its plain one
     */
    EpochFitter fitter(boolean fusedStep);

    /**
     * The model as the entries of the engine's model zip, in order (for DL4J: configuration.json,
     * coefficients.bin and, with {@code withUpdater}, updaterState.bin).
     */
    Map<String, byte[]> zipEntries(boolean withUpdater) throws IOException;

    /**
     * What one pass over a labelled set gives.
     *
     * @param predicted   each example's most probable class
     * @param probability that class's probability, per example
     * @param lossSum     the summed cross-entropy of the probabilities against the labels,
     *                    probabilities clipped below at 1e-10
     */
    record Classified(int[] predicted, float[] probability, double lossSum) {
    }
}
