package io.softmax4j.config;

/**
 * The whole effective configuration of a run: every section with its defaults filled in.
 * Immutable; each section validates itself when it is built.
 */
public record RunConfig(DataConfig data, ModelConfig model, TrainingConfig training,
                        RuntimeConfig runtime, OutputConfig output) {
    public RunConfig {
        data = data == null ? DataConfig.defaults() : data;
        model = model == null ? ModelConfig.defaults() : model;
        training = training == null ? TrainingConfig.defaults() : training;
        runtime = runtime == null ? RuntimeConfig.defaults() : runtime;
        output = output == null ? OutputConfig.defaults() : output;
    }

    /** The reference recipe: every default. */
    public static RunConfig defaults() {
        return new RunConfig(null, null, null, null, null);
    }
}
