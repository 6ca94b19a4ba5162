package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The optimiser, chosen by {@code type}; each type has its own keys. Each record's {@code of}
 * reads the YAML form, where {@code null} means the default.
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

    /** The step size. */
    double learningRate();

    /** Plain minibatch SGD, as in the reference recipe. */
    record Sgd(double learningRate) implements UpdaterConfig {
        public Sgd {
            checkLearningRate(learningRate);
        }

        @JsonCreator
        public static Sgd of(@JsonProperty("learningRate") Double learningRate) {
            return new Sgd(learningRate == null ? 0.005 : learningRate);
        }
    }

    /** SGD with Nesterov momentum. */
    record Nesterovs(double learningRate, double momentum) implements UpdaterConfig {
        public Nesterovs {
            checkLearningRate(learningRate);
            Check.closedRange("training.updater.momentum", momentum, 0, 0.999999);
        }

        @JsonCreator
        public static Nesterovs of(@JsonProperty("learningRate") Double learningRate,
                                   @JsonProperty("momentum") Double momentum) {
            return new Nesterovs(learningRate == null ? 0.1 : learningRate, momentum == null ? 0.9 : momentum);
        }
    }

    /** Adam. */
    record Adam(double learningRate, double beta1, double beta2, double epsilon) implements UpdaterConfig {
        public Adam {
            checkLearningRate(learningRate);
            Check.closedRange("training.updater.beta1", beta1, 0, 0.999999);
            Check.closedRange("training.updater.beta2", beta2, 0, 0.999999);
            Check.inRange("training.updater.epsilon", epsilon, 0, 1);
        }

        @JsonCreator
        public static Adam of(@JsonProperty("learningRate") Double learningRate, @JsonProperty("beta1") Double beta1,
                              @JsonProperty("beta2") Double beta2, @JsonProperty("epsilon") Double epsilon) {
            return new Adam(learningRate == null ? 0.001 : learningRate, beta1 == null ? 0.9 : beta1,
                    beta2 == null ? 0.999 : beta2, epsilon == null ? 1e-8 : epsilon);
        }
    }

    private static void checkLearningRate(double value) {
        Check.inRange("training.updater.learningRate", value, 0, 10);
    }
}
