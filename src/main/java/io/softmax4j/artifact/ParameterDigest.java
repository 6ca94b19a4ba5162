package io.softmax4j.artifact;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The parameters' fingerprint: SHA-256 of the parameter values as big-endian IEEE-754 float32,
 * in DL4J's flattened order (the same bytes as the data part of {@code coefficients.bin}).
 */
public final class ParameterDigest {
    private ParameterDigest() {
    }

    /** Hex SHA-256 of {@code params}. */
    public static String sha256(float[] params) {
        ByteBuffer bytes = ByteBuffer.allocate(params.length * Float.BYTES); // big-endian by default
        bytes.asFloatBuffer().put(params);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
