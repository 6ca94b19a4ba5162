package io.softmax4j.config;

/**
 * The softmax-regression layer.
 *
 * @param initStd  standard deviation of the normal(0, std) weight initialisation
 * @param biasInit the constant every bias starts at
 */
public record ModelConfig(Double initStd, Double biasInit) {
    public ModelConfig {
        initStd = initStd == null ? 0.01 : Check.closedRange("model.initStd", initStd, 0, 10);
        biasInit = biasInit == null ? 0.0 : Check.closedRange("model.biasInit", biasInit, -10, 10);
    }

    public static ModelConfig defaults() {
        return new ModelConfig(null, null);
    }
}
