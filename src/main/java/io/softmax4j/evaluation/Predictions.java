package io.softmax4j.evaluation;

import io.softmax4j.data.LabeledImages;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * What a model predicted for each image of a labelled set: a result record for reports and
 * pictures, free of DL4J types.
 *
 * @param images      the labelled images that were classified
 * @param predicted   predicted class of each image
 * @param probability the model's probability for its predicted class, per image
 */
public record Predictions(LabeledImages images, int[] predicted, float[] probability) {
    public Predictions {
        if (predicted.length != images.count() || probability.length != images.count()) {
            throw new IllegalArgumentException("predictions for " + predicted.length + "/" + probability.length
                    + " images, but the set holds " + images.count());
        }
        predicted = predicted.clone();
        probability = probability.clone();
    }

    public int count() {
        return predicted.length;
    }

    /** True class of image {@code i}. */
    public int actual(int i) {
        return images.label(i);
    }

    public boolean correct(int i) {
        return predicted[i] == actual(i);
    }

    public String labelName(int k) {
        return images.labelNames().get(k);
    }

    /** Indices of the misclassified images, the most confident mistakes first. */
    public int[] mistakesMostConfidentFirst() {
        return IntStream.range(0, count()).filter(i -> !correct(i)).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -probability[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Pixel bytes of image {@code i} (0..255, row-major). */
    public byte[] pixels(int i) {
        int n = images.features();
        return Arrays.copyOfRange(images.pixels(), i * n, (i + 1) * n);
    }
}
