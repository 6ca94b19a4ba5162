package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The optimiser, chosen by {@code type}; each type has its own keys.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = UpdaterConfig.Sgd.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = UpdaterConfig.Sgd.class, name = "sgd"),
        @JsonSubTypes.Type(value = UpdaterConfig.Nesterovs.class, name = "nesterovs"),
        @JsonSubTypes.Type(value = UpdaterConfig.Adam.class, name = "adam")
})
public sealed interface UpdaterConfig {
    /** The updater names accepted in {@code training.updater.type}. */
    String[] TYPES = {"sgd", "nesterovs", "adam"};

    /** The step size (always set once the record is built). */
    Double learningRate();

    /** Plain minibatch SGD, as in the reference recipe. */
    record Sgd(Double learningRate) implements UpdaterConfig {
        public Sgd {
            learningRate = lr(learningRate, 0.005);
        }
    }

    /** SGD with Nesterov momentum. */
    record Nesterovs(Double learningRate, Double momentum) implements UpdaterConfig {
        public Nesterovs {
            learningRate = lr(learningRate, 0.1);
            momentum = momentum == null ? 0.9
                    : Check.closedRange("training.updater.momentum", momentum, 0, 0.999999);
        }
    }

    /** Adam. */
    record Adam(Double learningRate, Double beta1, Double beta2, Double epsilon) implements UpdaterConfig {
        public Adam {
            learningRate = lr(learningRate, 0.001);
            beta1 = beta1 == null ? 0.9 : Check.closedRange("training.updater.beta1", beta1, 0, 0.999999);
            beta2 = beta2 == null ? 0.999 : Check.closedRange("training.updater.beta2", beta2, 0, 0.999999);
            epsilon = epsilon == null ? 1e-8 : Check.inRange("training.updater.epsilon", epsilon, 0, 1);
        }
    }

    private static double lr(Double value, double fallback) {
        return value == null ? fallback : Check.inRange("training.updater.learningRate", value, 0, 10);
    }
}
