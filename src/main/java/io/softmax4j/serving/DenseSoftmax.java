package io.softmax4j.serving;

/**
 * {@code softmax(xW + b)} in plain Java on float copies of a loaded model's weights and biases,
 * for prediction: immutable, so it needs no lock and allocates nothing per call but the answer.
 * A softmax-regression forward pass is {@code inputs x classes} multiply-adds (784 x 10: about
 * 8k, microseconds), far below the cost of going through the engine for one image. The sums are
 * taken in double and the result rounded to float, so it agrees with the engine's float GEMM to
 * float rounding (a test holds it to 1e-6 absolute on every probability and the same labels);
 * zero pixels (most of an MNIST digit) are skipped, which changes no sum.
 */
public final class DenseSoftmax {
    private final int inputs;
    private final int classes;
    /** Row-major {@code [inputs][classes]}: the weights of one input are contiguous. */
    private final float[] weights;
    private final float[] bias;

    /**
     * @param weights {@code [inputs][classes]}, copied
     * @param bias    {@code [classes]}, copied
     */
    public DenseSoftmax(float[][] weights, float[] bias) {
        this.inputs = weights.length;
        this.classes = bias.length;
        this.weights = new float[inputs * classes];
        for (int i = 0; i < inputs; i++) {
            if (weights[i].length != classes) {
                throw new IllegalArgumentException("weights row " + i + " has " + weights[i].length
                        + " values, the bias has " + classes);
            }
            System.arraycopy(weights[i], 0, this.weights, i * classes, classes);
        }
        this.bias = bias.clone();
    }

    public int inputs() {
        return inputs;
    }

    public int classes() {
        return classes;
    }

    /** The class probabilities of one input of {@link #inputs()} values. */
    public float[] probabilities(float[] x) {
        double[] z = new double[classes];
        for (int k = 0; k < classes; k++) {
            z[k] = bias[k];
        }
        final float[] w = weights;
        final int c = classes;
        for (int i = 0, row = 0; i < inputs; i++, row += c) {
            float v = x[i];
            if (v != 0f) {
                for (int k = 0; k < c; k++) {
                    z[k] += (double) v * w[row + k];
                }
            }
        }
        // the engine's logits are float: round them first, then a stable softmax in double
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            z[k] = (float) z[k];
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        float[] p = new float[c];
        for (int k = 0; k < c; k++) {
            p[k] = (float) (z[k] / sum);
        }
        return p;
    }

    /** {@link #probabilities(float[])} of every row. */
    public float[][] probabilities(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = probabilities(rows[r]);
        }
        return out;
    }
}
