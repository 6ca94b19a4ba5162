package io.softmax4j.testing;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bit-for-bit comparison of arrays. {@code INDArray.equals} compares within an epsilon (1e-5),
 * which hides real differences (e.g. 7e-9 between 1 and 2 threads), so determinism tests use this.
 */
public final class BitIdentical {
    private BitIdentical() {
    }

    public static void assertBitIdentical(INDArray expected, INDArray actual, String message) {
        assertEquals(expected.dataType(), actual.dataType(), message);
        assertArrayEquals(expected.shape(), actual.shape(), message);
        assertArrayEquals(bits(expected), bits(actual), message);
    }

    /** Float vectors, compared bit for bit (e.g. {@code SoftmaxModel.parameters()}). */
    public static void assertBitIdentical(float[] expected, float[] actual, String message) {
        assertEquals(expected.length, actual.length, message + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    message + ": parameter " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }

    private static int[] bits(INDArray a) {
        float[] f = a.dup('c').data().asFloat();
        return Arrays.stream(toBoxed(f)).mapToInt(Float::floatToRawIntBits).toArray();
    }

    private static Float[] toBoxed(float[] f) {
        Float[] out = new Float[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }
}
