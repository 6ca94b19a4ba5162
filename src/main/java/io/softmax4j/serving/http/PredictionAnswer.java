package io.softmax4j.serving.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.softmax4j.imaging.PreparedImage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON answer of {@code POST /v1/models/{name}/predict}, written with Jackson's streaming
 * generator straight from the probability rows (no per-class ranking objects):
 * <pre>{@code
 * {"model": name, "version": sha256, "predictions": [
 *   {"input": "instances[0]", "label": 7, "name": "7", "probability": 0.94,
 *    "probabilities": [... every class, output order ...],
 *    "top": [{"label": 7, "name": "7", "probability": 0.94}, ...],   // most probable first, ties by index
 *    "seen": [... with returnInput: the prepared picture the model saw, row-major 0..1 ...]}, ...]}
 * }</pre>
 */
final class PredictionAnswer {
    private static final JsonFactory JSON = new JsonFactory();

    private PredictionAnswer() {
    }

    /**
     * @param labels        the model's class names, output order
     * @param probabilities one row per input, in input order
     * @param top           how many classes {@code top} lists
     */
    static byte[] write(ServedModel model, List<String> labels, PredictInputs.Inputs inputs, float[][] probabilities,
                        int top, boolean returnInput) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + probabilities.length * (160 + 40 * top)
                + (returnInput ? probabilities.length * 6000 : 0));
        int[] order = new int[top];
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("model", model.name());
            g.writeStringField("version", model.version());
            g.writeArrayFieldStart("predictions");
            for (int i = 0; i < probabilities.length; i++) {
                float[] p = probabilities[i];
                rank(p, order);
                g.writeStartObject();
                g.writeStringField("input", inputs.names().get(i));
                g.writeNumberField("label", order[0]);
                g.writeStringField("name", labels.get(order[0]));
                g.writeNumberField("probability", p[order[0]]);
                g.writeFieldName("probabilities");
                floats(g, p);
                g.writeArrayFieldStart("top");
                for (int j = 0; j < top; j++) {
                    g.writeStartObject();
                    g.writeNumberField("label", order[j]);
                    g.writeStringField("name", labels.get(order[j]));
                    g.writeNumberField("probability", p[order[j]]);
                    g.writeEndObject();
                }
                g.writeEndArray();
                if (returnInput) {
                    PreparedImage seen = inputs.seen() == null ? null : inputs.seen().get(i);
                    g.writeFieldName("seen");
                    floats(g, seen != null ? seen.pixels() : inputs.pixels()[i]);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void floats(JsonGenerator g, float[] values) throws IOException {
        g.writeStartArray();
        for (float v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    /**
     * The {@code order.length} most probable classes into {@code order}, most probable first, ties
     * by the lower index (the order of {@code Classifier}'s ranking).
     */
    static void rank(float[] p, int[] order) {
        for (int j = 0; j < order.length; j++) {
            int best = -1;
            for (int k = 0; k < p.length; k++) {
                if (taken(order, j, k)) {
                    continue;
                }
                if (best < 0 || p[k] > p[best]) {
                    best = k;
                }
            }
            order[j] = best;
        }
    }

    private static boolean taken(int[] order, int n, int k) {
        for (int j = 0; j < n; j++) {
            if (order[j] == k) {
                return true;
            }
        }
        return false;
    }
}
