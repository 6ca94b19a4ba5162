package io.softmax4j.data;

import java.util.List;
import java.util.stream.IntStream;

/** Class names: given by the user or a dataset, or the labels' own numbers. */
public final class LabelNames {
    private LabelNames() {
    }

    /** {@code "0", "1", ..., "classes-1"}. */
    public static List<String> numbered(int classes) {
        return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }

    /** The largest label (labels are unsigned bytes). */
    static int maxLabel(byte[] labels) {
        int max = 0;
        for (byte b : labels) {
            max = Math.max(max, b & 0xFF);
        }
        return max;
    }

    /** A short rendering for messages: {@code 0=T-shirt/top, 1=Trouser, ...}. */
    static String describe(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size() && i < 12; i++) {
            sb.append(i == 0 ? "" : ", ").append(i).append('=').append(names.get(i));
        }
        return names.size() > 12 ? sb + ", ..." : sb.toString();
    }
}
