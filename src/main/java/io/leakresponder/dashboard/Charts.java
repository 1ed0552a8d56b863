package io.leakresponder.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Bar charts as inline SVG, drawn on the server: no script, and no {@code style} attribute (the page's
 * Content-Security-Policy forbids both). Bars carry CSS classes ({@code bar window}, {@code bar baseline}) that
 * {@code usage.css} and {@code app.css} colour; sizes are SVG presentation attributes. Each bar has a
 * {@code <title>} for hover text, and the chart as a whole a title and description for screen readers. Every
 * label is XML-escaped.
 */
final class Charts {

    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    static final int LEFT = 64;
    static final int RIGHT = 8;
    static final int TOP = 16;
    static final int BOTTOM = 36;
    /** At most this many labels under the x axis; the others are left out (each bar keeps its hover title). */
    static final int MAX_X_LABELS = 16;

    private Charts() {
    }

    /**
     * One bar.
     *
     * @param series CSS class naming the series, e.g. {@code window} or {@code baseline}
     * @param title  hover text
     */
    record Bar(String series, BigDecimal value, String title) {
    }

    /** Bars side by side under one x label (one bar for a simple chart, several for a grouped one). */
    record Group(String label, List<Bar> bars) {
    }

    /**
     * A chart to draw.
     *
     * @param id          the SVG element's id
     * @param title       what the chart shows, in a sentence (read by screen readers)
     * @param unit        the value axis' unit, drawn above it (e.g. {@code USD}, {@code messages}); may be empty
     * @param integers    values are counts: ticks fall on whole numbers
     */
    record Spec(String id, String title, String unit, boolean integers, List<Group> groups) {
    }

    /** The value axis: from 0 to {@code max} in {@code step}s. */
    record Scale(BigDecimal max, BigDecimal step) {

        int ticks() {
            return max.divide(step, 0, RoundingMode.CEILING).intValue();
        }

        /** Pixels of a value on an axis {@code length} pixels long. */
        double pixels(BigDecimal value, double length) {
            if (value == null || value.signum() <= 0) {
                return 0;
            }
            return Math.min(length, value.doubleValue() / max.doubleValue() * length);
        }
    }

    /**
     * A scale that covers {@code max} in about {@code ticks} steps of 1, 2, 2.5 or 5 times a power of ten; an empty
     * or all-zero chart gets the scale 0..1.
     */
    static Scale scale(BigDecimal max, int ticks, boolean integers) {
        if (max == null || max.signum() <= 0) {
            return new Scale(BigDecimal.ONE, integers ? BigDecimal.ONE : new BigDecimal("0.25"));
        }
        double rough = max.doubleValue() / Math.max(1, ticks);
        int exponent = (int) Math.floor(Math.log10(rough));
        BigDecimal magnitude = BigDecimal.ONE.scaleByPowerOfTen(exponent);
        BigDecimal step = null;
        for (String m : new String[]{"1", "2", "2.5", "5", "10"}) {
            BigDecimal candidate = new BigDecimal(m).multiply(magnitude);
            if (integers && candidate.stripTrailingZeros().scale() > 0) {
                continue; // counts: no step of 2.5
            }
            if (candidate.doubleValue() >= rough * 0.999) {
                step = candidate;
                break;
            }
        }
        if (step == null) {
            step = BigDecimal.TEN.multiply(magnitude);
        }
        if (integers && step.compareTo(BigDecimal.ONE) < 0) {
            step = BigDecimal.ONE;
        }
        BigDecimal n = max.divide(step, 0, RoundingMode.CEILING);
        return new Scale(plain(step.multiply(n)), plain(step));
    }

    /** Without trailing zeros and without an exponent: 20, not 2E+1. */
    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** The chart as an {@code <svg>} element. */
    static String render(Spec spec) {
        StringBuilder svg = new StringBuilder(4096);
        String id = escape(spec.id());
        svg.append("<svg id=\"").append(id).append("\" class=\"chart\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" aria-labelledby=\"").append(id).append("-title\" ")
                .append("xmlns=\"http://www.w3.org/2000/svg\">");
        svg.append("<title id=\"").append(id).append("-title\">").append(escape(spec.title())).append("</title>");
        List<Group> groups = spec.groups() == null ? List.of() : spec.groups();
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double baseY = TOP + plotH;
        if (groups.isEmpty()) {
            svg.append(line("axis", LEFT, baseY, WIDTH - RIGHT, baseY));
            svg.append("<text class=\"empty\" x=\"").append(WIDTH / 2).append("\" y=\"").append(fmt(TOP + plotH / 2))
                    .append("\" text-anchor=\"middle\">No data to chart yet</text></svg>");
            return svg.toString();
        }
        BigDecimal max = groups.stream().flatMap(g -> g.bars().stream()).map(Bar::value)
                .filter(v -> v != null).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        Scale scale = scale(max, 4, spec.integers());
        // value axis: grid lines and labels
        for (int i = 0; i <= scale.ticks(); i++) {
            BigDecimal v = scale.step().multiply(BigDecimal.valueOf(i));
            double y = baseY - scale.pixels(v, plotH);
            if (i > 0) {
                svg.append(line("grid", LEFT, y, WIDTH - RIGHT, y));
            }
            svg.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\">").append(escape(v.stripTrailingZeros().toPlainString()))
                    .append("</text>");
        }
        if (spec.unit() != null && !spec.unit().isEmpty()) {
            svg.append("<text class=\"unit\" x=\"").append(LEFT - 6).append("\" y=\"").append(TOP - 4)
                    .append("\" text-anchor=\"end\">").append(escape(spec.unit())).append("</text>");
        }
        // bars
        double groupW = plotW / groups.size();
        int every = (groups.size() + MAX_X_LABELS - 1) / MAX_X_LABELS;
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            double x0 = LEFT + g * groupW;
            double inner = groupW * 0.8;
            double barW = inner / Math.max(1, group.bars().size());
            svg.append("<g class=\"group\">");
            for (int b = 0; b < group.bars().size(); b++) {
                Bar bar = group.bars().get(b);
                double h = scale.pixels(bar.value(), plotH);
                svg.append("<rect class=\"bar ").append(escape(bar.series())).append("\" x=\"")
                        .append(fmt(x0 + groupW * 0.1 + b * barW)).append("\" y=\"").append(fmt(baseY - h))
                        .append("\" width=\"").append(fmt(Math.max(1, barW - 1))).append("\" height=\"")
                        .append(fmt(h)).append("\"><title>").append(escape(bar.title())).append("</title></rect>");
            }
            if (g % every == 0) {
                svg.append("<text class=\"label\" x=\"").append(fmt(x0 + groupW / 2)).append("\" y=\"")
                        .append(fmt(baseY + 16)).append("\" text-anchor=\"middle\">").append(escape(group.label()))
                        .append("</text>");
            }
            svg.append("</g>");
        }
        svg.append(line("axis", LEFT, TOP, LEFT, baseY));
        svg.append(line("axis", LEFT, baseY, WIDTH - RIGHT, baseY));
        svg.append("</svg>");
        return svg.toString();
    }

    /** A formatter of amounts for titles and tables, e.g. {@code 12.50 USD}. */
    static Function<BigDecimal, String> money(String currency) {
        String unit = currency == null || currency.isBlank() ? "" : " " + currency.toUpperCase(Locale.ROOT);
        return v -> (v == null ? BigDecimal.ZERO : v).setScale(2, RoundingMode.HALF_UP).toPlainString() + unit;
    }

    private static String line(String cls, double x1, double y1, double x2, double y2) {
        return "<line class=\"" + cls + "\" x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2)
                + "\" y2=\"" + fmt(y2) + "\"/>";
    }

    /** Coordinates with one decimal, always with a dot. */
    static String fmt(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
    }

    /** Text and attribute values escaped for XML (and so for HTML). */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // control characters are not allowed in XML 1.0
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
