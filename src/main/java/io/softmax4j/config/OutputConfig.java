package io.softmax4j.config;

import java.nio.file.Path;

/**
 * What a run writes.
 *
 * @param model    the DL4J model zip to write
 * @param pictures whether pictures and the HTML report are written beside the model
 */
public record OutputConfig(String model, Boolean pictures) {
    public OutputConfig {
        model = model == null ? "models/mnist-softmax.zip" : Check.path("output.model", model);
        if (!model.endsWith(".zip")) {
            throw new ConfigException("output.model", "output.model must end in .zip, got " + model);
        }
        Path name = Paths2.expandHome(model).getFileName();
        String stem = name == null ? "" : name.toString().substring(0, Math.max(0, name.toString().length() - 4));
        if (stem.isBlank() || stem.equals(".") || stem.equals("..") || name.toString().contains("/")) {
            throw new ConfigException("output.model", "output.model must name a file such as models/mnist-softmax.zip "
                    + "(its run folder is named after it, without .zip), got " + model);
        }
        pictures = pictures == null ? Boolean.TRUE : pictures;
    }

    public static OutputConfig defaults() {
        return new OutputConfig(null, null);
    }

    public Path modelPath() {
        return Paths2.expandHome(model);
    }
}
