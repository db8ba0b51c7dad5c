package org.cellbook.kernel.runtime;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * A small headless chart (scatter, line or bar) drawn with java.awt into a PNG; a cell that ends in
 * a Chart shows the picture. Enough for QC plots; not a plotting library.
 * <pre>{@code Chart.scatter(x, y).title("UMAP").xLabel("UMAP1").yLabel("UMAP2").colorBy(clusters)}</pre>
 */
public final class Chart {
    private enum Kind { SCATTER, LINE, BAR }

    private static final Color INK = new Color(31, 119, 180);
    /** matplotlib's tab10, so categories look as they do in the scanpy original's plots. */
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};
    private final Kind kind;
    private final double[] x;
    private final double[] y;
    private final String[] labels;
    private String[] groups;
    private String title = "";
    private String xLabel = "";
    private String yLabel = "";
    private int width = 640;
    private int height = 420;

    private Chart(Kind kind, double[] x, double[] y, String[] labels) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y need the same length, got " + x.length + " and " + y.length);
        }
        this.kind = kind;
        this.x = x.clone();
        this.y = y.clone();
        this.labels = labels;
    }

    public static Chart scatter(double[] x, double[] y) {
        return new Chart(Kind.SCATTER, x, y, null);
    }

    public static Chart line(double[] x, double[] y) {
        return new Chart(Kind.LINE, x, y, null);
    }

    public static Chart bar(String[] labels, double[] values) {
        double[] pos = new double[values.length];
        Arrays.setAll(pos, i -> i);
        return new Chart(Kind.BAR, pos, values, labels.clone());
    }

    /**
     * Colours the points by category (one label per point, e.g. Leiden cluster or response) with a
     * legend; categories in natural order (numbers by value), colours cycling through ten.
     */
    public Chart colorBy(String[] categories) {
        if (categories.length != x.length) {
            throw new IllegalArgumentException("colorBy needs one category per point: " + categories.length + " for " + x.length + " points");
        }
        this.groups = categories.clone();
        return this;
    }

    public Chart title(String t) {
        this.title = t;
        return this;
    }

    public Chart xLabel(String l) {
        this.xLabel = l;
        return this;
    }

    public Chart yLabel(String l) {
        this.yLabel = l;
        return this;
    }

    public Chart size(int w, int h) {
        if (w < 100 || h < 100) {
            throw new IllegalArgumentException("chart size must be at least 100x100, got " + w + "x" + h);
        }
        this.width = w;
        this.height = h;
        return this;
    }

    public void savePng(Path file) throws IOException {
        ImageIO.write(render(), "png", file.toFile());
    }

    /** Draws the chart. */
    public BufferedImage render() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int left = 60;
        int right = width - 20;
        int top = 35;
        int bottom = height - 45;
        double[] xr = range(x, kind == Kind.BAR ? 0.6 : 0);
        double[] yr = range(y, 0);
        if (kind == Kind.BAR) {
            yr[0] = Math.min(0, yr[0]);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(left, top, right - left, bottom - top);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= 4; i++) {
            double v = yr[0] + (yr[1] - yr[0]) * i / 4;
            int py = (int) Math.round(bottom - (bottom - top) * (double) i / 4);
            String s = tick(v);
            g.drawString(s, left - 6 - fm.stringWidth(s), py + 4);
            g.drawLine(left - 3, py, left, py);
            if (kind != Kind.BAR) {
                double xv = xr[0] + (xr[1] - xr[0]) * i / 4;
                int px = (int) Math.round(left + (right - left) * (double) i / 4);
                String xs = tick(xv);
                g.drawString(xs, px - fm.stringWidth(xs) / 2, bottom + 16);
            }
        }
        java.util.List<String> categories = groups == null ? java.util.List.of()
                : Arrays.stream(groups).distinct().sorted(Chart::naturalCompare).toList();
        java.util.Map<String, Color> colorOf = new java.util.HashMap<>();
        for (int c = 0; c < categories.size(); c++) {
            colorOf.put(categories.get(c), PALETTE[c % PALETTE.length]);
        }
        g.setColor(INK);
        if (kind == Kind.LINE) {
            g.setStroke(new BasicStroke(2f));
        }
        int prevX = -1;
        int prevY = -1;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                continue;
            }
            int px = (int) Math.round(left + (right - left) * (x[i] - xr[0]) / (xr[1] - xr[0]));
            int py = (int) Math.round(bottom - (bottom - top) * (y[i] - yr[0]) / (yr[1] - yr[0]));
            switch (kind) {
                case SCATTER -> {
                    if (groups != null) {
                        g.setColor(colorOf.get(groups[i]));
                    }
                    g.fillOval(px - 2, py - 2, 5, 5);
                }
                case LINE -> {
                    if (prevX >= 0) {
                        g.drawLine(prevX, prevY, px, py);
                    }
                }
                case BAR -> {
                    int w = Math.max(2, (int) ((right - left) / (xr[1] - xr[0]) * 0.8));
                    int zero = (int) Math.round(bottom - (bottom - top) * (0 - yr[0]) / (yr[1] - yr[0]));
                    g.fillRect(px - w / 2, Math.min(py, zero), w, Math.abs(zero - py));
                    g.setColor(Color.DARK_GRAY);
                    String l = labels[i];
                    g.drawString(l, px - fm.stringWidth(l) / 2, bottom + 16);
                    g.setColor(INK);
                }
            }
            prevX = px;
            prevY = py;
        }
        for (int c = 0; c < categories.size(); c++) {
            int ly = top + 14 + 14 * c;
            g.setColor(PALETTE[c % PALETTE.length]);
            g.fillOval(right - 90, ly - 8, 8, 8);
            g.setColor(Color.DARK_GRAY);
            g.drawString(categories.get(c), right - 78, ly);
        }
        g.setColor(Color.BLACK);
        g.drawString(xLabel, (left + right) / 2 - fm.stringWidth(xLabel) / 2, height - 10);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + bottom) / 2 - fm.stringWidth(yLabel) / 2, 15);
        g.rotate(Math.PI / 2);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
        g.drawString(title, (width - g.getFontMetrics().stringWidth(title)) / 2, 22);
        g.dispose();
        return img;
    }

    /** Numbers by value before other text, text alphabetically. */
    private static int naturalCompare(String a, String b) {
        boolean na = a.matches("-?\\d+(\\.\\d+)?");
        boolean nb = b.matches("-?\\d+(\\.\\d+)?");
        if (na && nb) {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    }

    private static double[] range(double[] v, double pad) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (Double.isFinite(d)) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        if (lo == hi) {
            return new double[] {lo - 1, hi + 1};
        }
        return new double[] {lo - pad, hi + pad};
    }

    private static String tick(double v) {
        return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v != 0) ? String.format("%.1e", v) : String.format("%.2f", v);
    }

    @Override
    public String toString() {
        return "Chart[" + kind.name().toLowerCase() + ", " + x.length + " points" + (title.isEmpty() ? "" : ", " + title) + "]";
    }
}
