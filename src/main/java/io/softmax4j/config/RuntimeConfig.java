package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the CPU is used.
 *
 * @param threads   OpenMP/BLAS threads for ND4J; 1 is fastest for these tiny matrix products
 * @param fusedStep train the softmax-regression network with softmax4j's fused minibatch step
 *                  (same math as DL4J's {@code fit}, two matrix products per batch instead of
 *                  five, no per-batch allocation); false uses DL4J's {@code fit} as is
 */
public record RuntimeConfig(int threads, boolean fusedStep) {
    public RuntimeConfig {
        Check.positive("runtime.threads", threads, 1024);
    }

    /** The runtime config as written in YAML; {@code null} means the default. */
    @JsonCreator
    public static RuntimeConfig of(@JsonProperty("threads") Integer threads, @JsonProperty("fusedStep") Boolean fusedStep) {
        return new RuntimeConfig(threads == null ? 1 : threads, fusedStep == null || fusedStep);
    }

    public static RuntimeConfig defaults() {
        return of(null, null);
    }
}
