package io.softmax4j.io;

/**
 * Makes text safe to print on one line: a file name or value holding a newline, a carriage
 * return or a terminal escape must not forge an extra output line or move the cursor.
 */
public final class Printable {
    private Printable() {
    }

    /**
     * Escapes control characters: {@code \n}, {@code \r}, {@code \t} and {@code \\} as in Java
     * source, any other control character (and DEL, and the C1 controls) as {@code \\uXXXX}.
     * Text without control characters comes back unchanged.
     */
    public static String escape(String text) {
        if (text == null || text.chars().noneMatch(Printable::isControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (isControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029;
    }
}
