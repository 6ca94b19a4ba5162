package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The softmax-regression layer.
 *
 * @param initStd  standard deviation of the normal(0, std) weight initialisation
 * @param biasInit the constant every bias starts at
 */
public record ModelConfig(double initStd, double biasInit) {
    public ModelConfig {
        Check.closedRange("model.initStd", initStd, 0, 10);
        Check.closedRange("model.biasInit", biasInit, -10, 10);
    }

    /** The model config as written in YAML; {@code null} means the default. */
    @JsonCreator
    public static ModelConfig of(@JsonProperty("initStd") Double initStd, @JsonProperty("biasInit") Double biasInit) {
        return new ModelConfig(initStd == null ? 0.01 : initStd, biasInit == null ? 0.0 : biasInit);
    }

    public static ModelConfig defaults() {
        return of(null, null);
    }
}
