package io.softmax4j.serving.http;

import com.fasterxml.jackson.core.io.NumberInput;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fast path for the common JSON prediction request, {@code {"instances": [[0.0, 0.5, ...], ...]}}
 * with optional {@code "top"} (a whole number), {@code "prepare"} (a plain string) and
 * {@code "returnInput"} (true or false): it scans the body's bytes straight into {@code float[]}
 * rows. Parsing 784 numbers per image through Jackson's tokens and text buffers is most of what a
 * JSON request costs (measured: about 60 us per image, against 2 us for the forward pass).
 *
 * <p>It accepts a strict subset of what Jackson accepts and gives the same values: every number is
 * rounded to the nearest float, as Jackson's parser does (exactly {@code m / 10^k} in float
 * arithmetic when both are exact floats, else Jackson's own {@link NumberInput#parseFloat}).
 * Anything else (other keys such as {@code images}, string escapes, {@code null}, a repeated key,
 * any syntax error) makes {@link #scan} return null, and the caller parses the body with Jackson,
 * so a bad request gets exactly Jackson's error message. Bounded by the body, which the service
 * has already bounded.
 */
final class PixelJsonScanner {
    /** Powers of ten that are exact floats (5^10 < 2^24). */
    private static final float[] POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    /** Integers up to this are exact floats. */
    private static final long EXACT = 1L << 24;
    /** Not this request's shape (or not valid JSON): parse with Jackson instead. No stack trace: it is control flow. */
    private static final RuntimeException FALLBACK = new RuntimeException("not the fast path's shape", null, false, false) {
    };

    private final byte[] b;
    private final int rowLength;
    private int i;
    private float[] row;

    private PixelJsonScanner(byte[] body, int rowLength) {
        this.b = body;
        this.rowLength = Math.max(1, rowLength);
    }

    /**
     * The request, or null when the body is not in the fast path's subset (parse it with Jackson then).
     *
     * @param rowLength the row length expected (the model's inputs): a row of that length is
     *                  filled in place, without a copy; other lengths are read too
     */
    static PredictInputs.JsonBody scan(byte[] body, int rowLength) {
        try {
            return new PixelJsonScanner(body, rowLength).body();
        } catch (RuntimeException e) {
            if (e == FALLBACK || e instanceof NumberFormatException) {
                return null;
            }
            throw e;
        }
    }

    private PredictInputs.JsonBody body() {
        List<float[]> instances = null;
        Integer top = null;
        String prepare = null;
        Boolean returnInput = null;
        ws();
        expect('{');
        while (true) {
            ws();
            String key = plainString();
            ws();
            expect(':');
            ws();
            switch (key) {
                case "instances" -> instances = once(instances, rows());
                case "top" -> top = once(top, wholeNumber());
                case "prepare" -> prepare = once(prepare, plainString());
                case "returnInput" -> returnInput = once(returnInput, bool());
                default -> throw FALLBACK;
            }
            ws();
            if (next() == '}') {
                break;
            }
            back();
            expect(',');
        }
        ws();
        if (i != b.length || instances == null) {
            throw FALLBACK;
        }
        return new PredictInputs.JsonBody(instances, null, top, prepare, returnInput);
    }

    private static <T> T once(T old, T value) {
        if (old != null) {
            throw FALLBACK;
        }
        return value;
    }

    private List<float[]> rows() {
        expect('[');
        List<float[]> rows = new ArrayList<>();
        do {
            ws();
            rows.add(row());
            ws();
        } while (next() == ',');
        back();
        expect(']');
        return rows;
    }

    private float[] row() {
        expect('[');
        if (row == null) {
            row = new float[rowLength];
        }
        int n = 0;
        do {
            ws();
            if (n == row.length) {
                row = Arrays.copyOf(row, n * 2);
            }
            row[n++] = number();
            ws();
        } while (next() == ',');
        back();
        expect(']');
        if (n == row.length) {
            float[] full = row;
            row = null; // the next row gets its own array
            return full;
        }
        return Arrays.copyOf(row, n);
    }

    /** A JSON number, nearest float. */
    private float number() {
        int start = i;
        boolean negative = peek() == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int scale = 0;
        int c = next();
        if (c == '0') {
            if (isDigit(peek())) {
                throw FALLBACK; // a leading zero: Jackson's error
            }
        } else if (c >= '1' && c <= '9') {
            mantissa = c - '0';
            significant = 1;
            while (isDigit(peek())) {
                mantissa = mantissa * 10 + (next() - '0');
                if (++significant > 18) {
                    throw FALLBACK; // beyond a long: Jackson reads it as a big integer
                }
            }
        } else {
            throw FALLBACK;
        }
        boolean fraction = peek() == '.';
        if (fraction) {
            i++;
            if (!isDigit(peek())) {
                throw FALLBACK;
            }
            while (isDigit(peek())) {
                int d = next() - '0';
                if (significant > 0 || d != 0) {
                    if (++significant > 18) {
                        return slow(start); // too many digits for a long: let Jackson's parser round it
                    }
                }
                mantissa = mantissa * 10 + d;
                scale++;
            }
        }
        int e = peek();
        if (e == 'e' || e == 'E') {
            return slow(start);
        }
        if (mantissa > EXACT || scale >= POW10.length) {
            return slow(start);
        }
        float value = mantissa / POW10[scale]; // both exact floats: one correctly rounded division
        // Jackson reads a whole number as an int and converts it: "-0" is 0.0, while "-0.0" is -0.0
        return negative && (fraction || mantissa != 0) ? -value : value;
    }

    /** Jackson's own float parsing of the number starting at {@code start} (with an exponent, or many digits). */
    private float slow(int start) {
        while (isDigit(peek())) {
            i++;
        }
        int e = peek();
        if (e == 'e' || e == 'E') {
            i++;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            if (!isDigit(peek())) {
                throw FALLBACK;
            }
        }
        while (isDigit(peek())) {
            i++;
        }
        return NumberInput.parseFloat(new String(b, start, i - start, StandardCharsets.ISO_8859_1), true);
    }

    /** A whole number of at most 9 digits, optionally negative. */
    private Integer wholeNumber() {
        boolean negative = peek() == '-';
        if (negative) {
            i++;
        }
        int start = i;
        int value = 0;
        while (isDigit(peek())) {
            value = value * 10 + (next() - '0');
        }
        int digits = i - start;
        if (digits == 0 || digits > 9 || (digits > 1 && b[start] == '0') || peek() == '.' || peek() == 'e' || peek() == 'E') {
            throw FALLBACK;
        }
        return negative ? -value : value;
    }

    /** A string of printable ASCII without escapes. */
    private String plainString() {
        expect('"');
        int start = i;
        while (true) {
            int c = next();
            if (c == '"') {
                return new String(b, start, i - 1 - start, StandardCharsets.ISO_8859_1);
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                throw FALLBACK;
            }
        }
    }

    private Boolean bool() {
        if (literal("true")) {
            return Boolean.TRUE;
        }
        if (literal("false")) {
            return Boolean.FALSE;
        }
        throw FALLBACK;
    }

    private boolean literal(String word) {
        if (i + word.length() > b.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        i += word.length();
        return true;
    }

    private void ws() {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw FALLBACK;
        }
    }

    /** The next byte (0..255), or -1 at the end. */
    private int next() {
        return i < b.length ? b[i++] & 0xFF : endOfBody();
    }

    private int endOfBody() {
        i = b.length + 1; // past the end: nothing matches any more
        throw FALLBACK;
    }

    private int peek() {
        return i < b.length ? b[i] & 0xFF : -1;
    }

    private void back() {
        i--;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
