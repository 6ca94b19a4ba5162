package io.softmax4j.config;

/**
 * How the CPU is used.
 *
 * @param threads   OpenMP/BLAS threads for ND4J; 1 is fastest for these tiny matrix products
 * @param fusedStep train the softmax-regression network with softmax4j's fused minibatch step
 *                  (same math as DL4J's {@code fit}, two matrix products per batch instead of
 *                  five, no per-batch allocation); false uses DL4J's {@code fit} as is
 */
public record RuntimeConfig(Integer threads, Boolean fusedStep) {
    public RuntimeConfig {
        threads = threads == null ? 1 : Check.positive("runtime.threads", threads, 1024);
        fusedStep = fusedStep == null ? Boolean.TRUE : fusedStep;
    }

    /** Threads only; the fused step on. */
    public RuntimeConfig(Integer threads) {
        this(threads, null);
    }

    public static RuntimeConfig defaults() {
        return new RuntimeConfig(null, null);
    }
}
