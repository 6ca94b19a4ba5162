package io.softmax4j.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.softmax4j.imaging.PreparedImage;
import io.softmax4j.serving.Prediction;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON answer of {@code POST /v1/models/{name}/predict}.
 *
 * @param model       the model's name
 * @param version     the model's version (its manifest's parameter SHA-256)
 * @param predictions one per input, in input order
 */
record PredictionAnswer(String model, String version, List<Item> predictions) {

    /**
     * One input's prediction.
     *
     * @param input         the input's name in the request ({@code instances[0]}, {@code images[1]}, the upload's file name)
     * @param label         the most probable class's index in the model's output
     * @param name          that class's name (the manifest's label, e.g. "7" or "Ankle boot")
     * @param probability   its probability
     * @param probabilities every class's probability, in output order
     * @param top           the {@code top} most probable classes, most probable first
     * @param seen          with {@code returnInput}: the prepared picture the model saw, row-major 0..1
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(String input, int label, String name, float probability, float[] probabilities, List<Scored> top,
                float[] seen) {
    }

    /** A class and its probability. */
    record Scored(int label, String name, float probability) {
    }

    static PredictionAnswer of(ServedModel model, PredictInputs.Inputs inputs, List<Prediction> predictions, int top,
                               boolean returnInput) {
        List<Item> items = new ArrayList<>(predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            Prediction p = predictions.get(i);
            float[] probabilities = new float[p.ranking().size()];
            for (Prediction.ScoredLabel s : p.ranking()) {
                probabilities[s.index()] = (float) s.probability();
            }
            List<Scored> best = p.top(top).stream().map(s -> new Scored(s.index(), s.label(), (float) s.probability()))
                    .toList();
            PreparedImage seen = inputs.seen() == null ? null : inputs.seen().get(i);
            items.add(new Item(inputs.names().get(i), p.index(), p.label(), (float) p.probability(), probabilities, best,
                    returnInput && seen != null ? seen.pixels() : returnInput ? inputs.pixels()[i] : null));
        }
        return new PredictionAnswer(model.name(), model.version(), items);
    }
}
