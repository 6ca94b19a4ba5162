package io.softmax4j.report;

import io.softmax4j.evaluation.EvaluationReport;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws the confusion matrix as a heat map: rows are the true classes, columns the predicted
 * ones, each cell shows its count and is shaded by its share of the row (so the diagonal shows
 * each class's recall and off-diagonal cells show where a class goes wrong).
 */
final class ConfusionMatrixRenderer {
    private static final Color LOW = Color.WHITE;
    private static final Color HIGH = new Color(0x08, 0x30, 0x6B);
    private static final int PAD = 12;
    private static final int TITLE_HEIGHT = 40;

    private ConfusionMatrixRenderer() {
    }

    static BufferedImage render(EvaluationReport report) {
        int[][] m = report.confusion();
        int k = m.length;
        List<String> names = report.labelNames();
        int cell = k <= 12 ? 52 : Math.max(18, 600 / k);
        FontMetrics fm = Pngs.canvas(1, 1).createGraphics().getFontMetrics(Pngs.LABEL_FONT);
        int labelWidth = names.stream().mapToInt(fm::stringWidth).max().orElse(10) + 8;
        // short names (digits) stand upright above the columns; long ones are turned on their side
        boolean upright = labelWidth <= cell;
        int left = PAD + 22 + labelWidth;
        int top = TITLE_HEIGHT + 22 + (upright ? fm.getHeight() + 6 : labelWidth);
        int width = Math.max(left + k * cell + PAD, 480);
        BufferedImage img = Pngs.canvas(width, top + k * cell + PAD);
        Graphics2D g = Pngs.graphics(img);
        g.setColor(Pngs.INK);
        g.setFont(Pngs.TITLE_FONT);
        Pngs.centred(g, String.format(Locale.ROOT, "Confusion matrix, %d test images (accuracy %.4f)",
                report.examples(), report.accuracy()), width / 2, 24, width - 2 * PAD);
        g.setFont(Pngs.LABEL_FONT);
        axisTitles(g, left, top, k * cell);
        classNames(g, names, left, top, cell, upright);
        cells(g, m, left, top, cell);
        g.dispose();
        return img;
    }

    private static void axisTitles(Graphics2D g, int left, int top, int size) {
        Pngs.centred(g, "predicted class", left + size / 2, TITLE_HEIGHT + 8, size);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        Pngs.centred(g, "true class", -(top + size / 2), PAD + 12, size);
        g.setTransform(saved);
    }

    private static void classNames(Graphics2D g, List<String> names, int left, int top, int cell, boolean upright) {
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int middle = i * cell + cell / 2 + fm.getAscent() / 2 - 1;
            g.drawString(name, left - 6 - fm.stringWidth(name), top + middle);
            if (upright) {
                g.drawString(name, left + i * cell + (cell - fm.stringWidth(name)) / 2, top - 6);
                continue;
            }
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(name, -(top - 6), left + middle);
            g.setTransform(saved);
        }
    }

    private static void cells(Graphics2D g, int[][] m, int left, int top, int cell) {
        FontMetrics fm = g.getFontMetrics();
        for (int a = 0; a < m.length; a++) {
            long rowTotal = 0;
            for (int count : m[a]) {
                rowTotal += count;
            }
            for (int p = 0; p < m.length; p++) {
                double share = rowTotal == 0 ? 0 : (double) m[a][p] / rowTotal;
                // sqrt so that a few percent of confusion is still visible next to the diagonal
                double t = Math.sqrt(share);
                g.setColor(mix(LOW, HIGH, t));
                int x = left + p * cell;
                int y = top + a * cell;
                g.fillRect(x, y, cell, cell);
                g.setColor(new Color(0xDD, 0xDD, 0xDD));
                g.drawRect(x, y, cell, cell);
                g.setColor(t > 0.55 ? Color.WHITE : Pngs.INK);
                String text = Integer.toString(m[a][p]);
                if (fm.stringWidth(text) < cell - 2) {
                    g.drawString(text, x + (cell - fm.stringWidth(text)) / 2, y + cell / 2 + fm.getAscent() / 2 - 1);
                }
            }
        }
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }
}
