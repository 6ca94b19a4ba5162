package io.softmax4j.serving;

import java.util.List;

/**
 * What a {@link Classifier} says about one input.
 *
 * @param label       the most probable label's name
 * @param index       its index in the model's output order
 * @param probability its probability
 * @param ranking     every label, most probable first
 */
public record Prediction(String label, int index, double probability, List<ScoredLabel> ranking) {
    public Prediction {
        ranking = List.copyOf(ranking);
    }

    /** The {@code k} most probable labels, most probable first. */
    public List<ScoredLabel> top(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        return ranking.subList(0, Math.min(k, ranking.size()));
    }

    /**
     * One label and its probability.
     *
     * @param label       the label's name
     * @param index       its index in the model's output order
     * @param probability its probability
     */
    public record ScoredLabel(String label, int index, double probability) {
    }
}
