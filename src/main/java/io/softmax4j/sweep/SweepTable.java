package io.softmax4j.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The console table of a sweep: one row per ended trial. */
final class SweepTable {
    private final SweepPlan plan;
    private final List<String> headers = new ArrayList<>();
    private final List<Integer> widths = new ArrayList<>();

    SweepTable(SweepPlan plan) {
        this.plan = plan;
        add("trial", 9);
        for (String key : plan.keys()) {
            String shortName = key.substring(key.lastIndexOf('.') + 1);
            boolean unique = plan.keys().stream().filter(k -> k.endsWith("." + shortName) || k.equals(shortName)).count() == 1;
            String h = unique ? shortName : key;
            int w = plan.trials().stream().mapToInt(t -> t.values().getOrDefault(key, "").length()).max().orElse(1);
            add(h, Math.max(w, h.length()));
        }
        add(plan.objective().metric().name(), 8);
        add("epochs", 6);
        add("time", 8);
        add("status", 8);
    }

    private void add(String header, int width) {
        headers.add(header);
        widths.add(Math.max(width, header.length()));
    }

    String header() {
        return line(headers);
    }

    String row(TrialResult r, boolean best) {
        List<String> cells = new ArrayList<>();
        cells.add(r.trial());
        plan.keys().forEach(k -> cells.add(r.values().getOrDefault(k, "")));
        cells.add(r.objective() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.objective()));
        cells.add(Integer.toString(r.epochs()));
        cells.add(String.format(Locale.ROOT, "%.1f s", r.seconds()));
        cells.add(r.status().name() + (best ? " *" : ""));
        return line(cells);
    }

    private String line(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            int w = widths.get(i);
            boolean left = i == 0 || i == cells.size() - 1;
            sb.append(left ? String.format("%-" + w + "s", c) : String.format("%" + w + "s", c));
            if (i < cells.size() - 1) {
                sb.append("  ");
            }
        }
        return sb.toString().stripTrailing();
    }

    /** {@code 1 min 05 s}, {@code 42 s}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
