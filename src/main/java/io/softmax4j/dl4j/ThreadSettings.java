package io.softmax4j.dl4j;

import org.nd4j.linalg.factory.Nd4j;

/** Applies the configured thread count to ND4J's OpenMP pool and its BLAS. */
final class ThreadSettings {
    private ThreadSettings() {
    }

    /** Sets ND4J's and BLAS's maximum thread counts. */
    static void apply(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
