package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;

/**
 * What a run writes.
 *
 * @param model    the DL4J model zip to write
 * @param pictures whether pictures and the HTML report are written beside the model
 */
public record OutputConfig(String model, boolean pictures) {
    public OutputConfig {
        Check.path("output.model", model);
        if (!model.endsWith(".zip")) {
            throw new ConfigException("output.model", "output.model must end in .zip, got " + model);
        }
        Path name = Paths2.expandHome(model).getFileName();
        String stem = name == null ? "" : name.toString().substring(0, Math.max(0, name.toString().length() - 4));
        if (stem.isBlank() || stem.equals(".") || stem.equals("..") || name.toString().contains("/")) {
            throw new ConfigException("output.model", "output.model must name a file such as models/mnist-softmax.zip "
                    + "(its run folder is named after it, without .zip), got " + model);
        }
    }

    /** The output config as written in YAML; {@code null} means the default. */
    @JsonCreator
    public static OutputConfig of(@JsonProperty("model") String model, @JsonProperty("pictures") Boolean pictures) {
        return new OutputConfig(model == null ? "models/mnist-softmax.zip" : model, pictures == null || pictures);
    }

    public static OutputConfig defaults() {
        return of(null, null);
    }

    public Path modelPath() {
        return Paths2.expandHome(model);
    }
}
