package io.softmax4j.cli;

import java.util.ArrayList;
import java.util.List;

/** Parses test-set index lists such as {@code 0-19} or {@code 3,7,100-104} (0-based, inclusive). */
public final class TestIndices {
    /** Most indices one list may name. */
    public static final int MAX_COUNT = 100_000;

    private TestIndices() {
    }

    /** The indices in the order given. */
    public static List<Integer> parse(String spec) {
        List<Integer> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            int dash = p.indexOf('-', 1);
            int from = number(dash < 0 ? p : p.substring(0, dash), spec);
            int to = dash < 0 ? from : number(p.substring(dash + 1), spec);
            if (to < from) {
                throw new IllegalArgumentException("test index range " + p + " runs backwards; write " + to + "-" + from);
            }
            if (out.size() + (long) to - from + 1 > MAX_COUNT) {
                throw new IllegalArgumentException("at most " + MAX_COUNT + " test indices at once, got more in " + spec);
            }
            for (int i = from; i <= to; i++) {
                out.add(i);
            }
        }
        return out;
    }

    private static int number(String s, String spec) {
        try {
            int n = Integer.parseInt(s.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "' is not a list of test indices like 0-19 or 3,7,100-104");
        }
    }
}
