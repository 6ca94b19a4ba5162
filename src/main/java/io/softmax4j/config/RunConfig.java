package io.softmax4j.config;

/**
 * The whole effective configuration of a run: every section with its defaults filled in.
 * Immutable; each section validates itself when it is built. With early stopping on and
 * {@code data.validation} 0, the data holds out {@link EarlyStoppingConfig#DEFAULT_VALIDATION}.
 */
public record RunConfig(DataConfig data, ModelConfig model, TrainingConfig training,
                        RuntimeConfig runtime, OutputConfig output) {
    public RunConfig {
        data = data == null ? DataConfig.defaults() : data;
        model = model == null ? ModelConfig.defaults() : model;
        training = training == null ? TrainingConfig.defaults() : training;
        runtime = runtime == null ? RuntimeConfig.defaults() : runtime;
        output = output == null ? OutputConfig.defaults() : output;
        if (training.earlyStopping() != null && data.validation() == 0) {
            // early stopping selects an epoch: never by the test set, so hold out a validation split
            data = data.withValidation(EarlyStoppingConfig.DEFAULT_VALIDATION);
        }
    }

    /** The reference recipe: every default. */
    public static RunConfig defaults() {
        return new RunConfig(null, null, null, null, null);
    }
}
