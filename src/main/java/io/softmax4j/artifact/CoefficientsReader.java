package io.softmax4j.artifact;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import io.softmax4j.io.Printable;

/**
 * Reads DL4J's {@code coefficients.bin} (ND4J's binary array format) in plain Java, so the
 * parameters' count, type and values are checked before ND4J allocates anything from a header
 * a crafted file could fill with any number.
 *
 * <p>Layout: a LONG buffer holding the shape info {@code [rank, shape..., stride..., extras,
 * elementWiseStride, order]}, then the data buffer; each buffer is written as
 * {@code UTF allocationMode, long length (int for legacy modes), UTF dataType, values}.
 */
final class CoefficientsReader {
    private static final int MAX_RANK = 2;

    private CoefficientsReader() {
    }

    /** The parameters, which must be exactly {@code expected} finite float32 values. */
    static float[] read(byte[] bin, long expected, Path file) {
        return read(bin, new long[]{expected}, file, SafeModelLoader.COEFFICIENTS_BIN);
    }

    /**
     * An ND4J float32 array entry (parameters, updater state) of one of the {@code allowed} sizes,
     * every value finite; {@code entry} names it in messages.
     */
    static float[] read(byte[] bin, long[] allowed, Path file, String entry) {
        String where = "entry " + entry;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bin))) {
            Header shapeHeader = header(in);
            if (!shapeHeader.type().equals("LONG") || shapeHeader.length() < 4 || shapeHeader.length() > 4 + 2L * MAX_RANK) {
                throw shape(file, where + " has a malformed shape header (" + Printable.escape(shapeHeader.toString()) + ")");
            }
            long[] shapeInfo = new long[(int) shapeHeader.length()];
            for (int i = 0; i < shapeInfo.length; i++) {
                shapeInfo[i] = in.readLong();
            }
            long count = elementCount(shapeInfo, file, where);
            Header data = header(in);
            if (!data.type().equals("FLOAT")) {
                throw shape(file, where + " holds " + Printable.escape(data.type()) + " values, expected FLOAT");
            }
            long expected = java.util.Arrays.stream(allowed).filter(a -> a == count).findFirst().orElse(-1);
            if (expected < 0 || data.length() != expected) {
                boolean params = entry.equals(SafeModelLoader.COEFFICIENTS_BIN);
                throw shape(file, where + " holds " + Math.max(count, data.length()) + (params ? " parameters" : " values")
                        + ", expected "
                        + java.util.Arrays.stream(allowed).mapToObj(Long::toString)
                        .collect(java.util.stream.Collectors.joining(" or "))
                        + " for the input size and labels " + (params ? "in the manifest" : "of the model"));
            }
            if (in.available() != expected * Float.BYTES) {
                throw shape(file, where + " has " + in.available() + " bytes of values, expected " + expected * Float.BYTES);
            }
            float[] values = new float[(int) expected];
            ByteBuffer.wrap(bin, bin.length - values.length * Float.BYTES, values.length * Float.BYTES)
                    .asFloatBuffer().get(values);
            requireFinite(values, file, entry);
            return values;
        } catch (IOException | IllegalArgumentException e) {
            throw shape(file, where + " is not an ND4J array (" + Printable.escape(e.getMessage()) + ")");
        }
    }

    private record Header(String allocation, long length, String type) {
    }

    private static Header header(DataInputStream in) throws IOException {
        String allocation = in.readUTF();
        // the legacy allocation modes (DIRECT, HEAP, JAVACPP) wrote an int length
        boolean legacy = allocation.equals("DIRECT") || allocation.equals("HEAP") || allocation.equals("JAVACPP");
        long length = legacy ? in.readInt() : in.readLong();
        return new Header(allocation, length, in.readUTF());
    }

    private static long elementCount(long[] shapeInfo, Path file, String where) {
        long rank = shapeInfo[0];
        if (rank < 1 || rank > MAX_RANK || shapeInfo.length != 2 * rank + 4) {
            throw shape(file, where + " has rank " + rank + ", expected a parameter vector");
        }
        long count = 1;
        for (int i = 1; i <= rank; i++) {
            if (shapeInfo[i] < 1 || shapeInfo[i] > Integer.MAX_VALUE) {
                throw shape(file, where + " has dimension " + shapeInfo[i]);
            }
            count = Math.multiplyExact(count, shapeInfo[i]);
        }
        return count;
    }

    private static void requireFinite(float[] values, Path file, String entry) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new ModelFileException(file, ModelFileException.Reason.NON_FINITE,
                        (entry.equals(SafeModelLoader.COEFFICIENTS_BIN) ? "parameter " : "value in " + entry + " ")
                                + i + " of " + values.length + " is " + values[i]
                                + "; the model is broken (training diverged?), retrain it with a lower learning rate");
            }
        }
    }

    private static ModelFileException shape(Path file, String message) {
        return new ModelFileException(file, ModelFileException.Reason.WRONG_SHAPE, message);
    }
}
