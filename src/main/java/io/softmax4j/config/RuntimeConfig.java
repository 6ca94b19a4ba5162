package io.softmax4j.config;

/**
 * How the CPU is used.
 *
 * @param threads OpenMP/BLAS threads for ND4J; 1 is fastest for these tiny matrix products
 */
public record RuntimeConfig(Integer threads) {
    public RuntimeConfig {
        threads = threads == null ? 1 : Check.positive("runtime.threads", threads, 1024);
    }

    public static RuntimeConfig defaults() {
        return new RuntimeConfig(null);
    }
}
