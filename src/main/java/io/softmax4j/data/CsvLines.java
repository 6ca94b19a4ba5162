package io.softmax4j.data;

import io.softmax4j.io.Printable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CSV byte stream into lines and fields with bounds: a line longer than
 * {@link #MAX_LINE_BYTES} is refused naming its number (never buffered whole), as are an
 * unbalanced quote, a control character (binary content) and bytes that are not UTF-8. Fields
 * may be quoted ({@code "..."}, with {@code ""} for a quote inside); a quoted field does not
 * span lines. Lines end with LF, CRLF or CR.
 */
final class CsvLines implements AutoCloseable {
    /** Longest line accepted, in bytes: a 784-pixel line is a few thousand. */
    static final int MAX_LINE_BYTES = 1 << 22;

    private final InputStream in;
    private final java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] bytes = new byte[1 << 12];
    private int lineBytes;
    private final Path file;
    private final char delimiter;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private int lineNumber;
    private boolean pendingLf;
    private final StringBuilder line = new StringBuilder(1 << 12);

    CsvLines(InputStream bytes, Path file, char delimiter) {
        this.in = bytes;
        this.file = file;
        this.delimiter = delimiter;
    }

    /** The 1-based number of the line last returned by {@link #next()}. */
    int lineNumber() {
        return lineNumber;
    }

    /**
     * The fields of the next line (a blank line gives one empty field), or {@code null} at the end.
     *
     * @throws DataException naming the file and line for a line too long, an unbalanced quote,
     *                       a control character or text that is not UTF-8
     */
    List<String> next() throws IOException {
        if (!readLine()) {
            return null;
        }
        return split();
    }

    /** Reads the next line into {@link #line}, without its end; false at the end of the text. */
    private boolean readLine() throws IOException {
        line.setLength(0);
        lineBytes = 0;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (any) {
                    lineNumber++;
                    decode();
                }
                return any;
            }
            byte b = buf[pos++];
            if (pendingLf) {
                pendingLf = false;
                if (b == '\n') {
                    continue; // the LF of a CRLF
                }
            }
            any = true;
            if (b == '\n' || b == '\r') {
                pendingLf = b == '\r';
                lineNumber++;
                decode();
                return true;
            }
            if (lineBytes >= MAX_LINE_BYTES) {
                throw error(lineNumber + 1, " is longer than " + MAX_LINE_BYTES + " bytes; a CSV image file has "
                        + "one example a line (a file without line breaks, or not a CSV file?)");
            }
            if (lineBytes == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, (int) Math.min(MAX_LINE_BYTES, 2L * bytes.length));
            }
            bytes[lineBytes++] = b;
        }
    }

    /** Decodes the line's bytes as UTF-8 into {@link #line}, refusing anything else. */
    private void decode() {
        try {
            line.append(utf8.decode(java.nio.ByteBuffer.wrap(bytes, 0, lineBytes)));
        } catch (CharacterCodingException e) {
            throw error(lineNumber, " holds bytes that are not UTF-8 text (binary data?); a CSV file is text");
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** Splits {@link #line} at the delimiter, honouring quotes. */
    private List<String> split() {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int n = line.length();
        int i = 0;
        while (true) {
            field.setLength(0);
            // a quoted field: "...", with "" for a quote inside; blanks around it are allowed
            int start = i;
            while (i < n && line.charAt(i) == ' ' && delimiter != ' ') {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                int open = i;
                i++;
                while (true) {
                    if (i >= n) {
                        throw error(lineNumber, ", column " + (fields.size() + 1) + ": the quote opened at character "
                                + (open + 1) + " is never closed (an unbalanced \")");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(checked(c, i));
                    }
                }
                while (i < n && line.charAt(i) == ' ' && delimiter != ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) != delimiter) {
                    throw error(lineNumber, ", column " + (fields.size() + 1) + ": text after the closing quote at "
                            + "character " + i + " (a stray \")");
                }
            } else {
                i = start;
                while (i < n && line.charAt(i) != delimiter) {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        throw error(lineNumber, ", column " + (fields.size() + 1) + ": a quote inside an unquoted "
                                + "field at character " + i + " (an unbalanced \")");
                    }
                    field.append(checked(c, i));
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++; // the delimiter
        }
    }

    /** Refuses control characters but tab: a text CSV has none, a binary file has many. */
    private char checked(char c, int position) {
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            throw error(lineNumber, " holds the control character " + String.format("U+%04X", (int) c)
                    + " at character " + position + "; binary content, not a CSV text file");
        }
        return c;
    }

    private DataException error(int lineNo, String what) {
        return new DataException(Printable.escape(file.toString()) + ": line " + lineNo + what);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
