package io.leakresponder.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The exposure window of an incident drawn as an inline SVG by the server (no script, no inline style): from the
 * first exposure through detection and opening to containment and closing (or now), with the commit dates of
 * the occurrences as marks below the axis. Coordinates are in a {@value #WIDTH} x {@value #HEIGHT} view box.
 *
 * @param spans  bands along the axis: the exposed window, then the time after containment
 * @param events milestones with their labels, placed on up to three rows so that close ones do not overlap
 * @param commits one tick per distinct commit date
 */
public record TimelineSvg(List<Span> spans, List<Event> events, List<Tick> commits, String startLabel,
        String endLabel, String ongoingLabel) {

    static final int WIDTH = 1000;
    static final int HEIGHT = 150;
    static final double LEFT = 16;
    static final double RIGHT = WIDTH - 16;
    static final double AXIS_Y = 80;
    private static final double[] LABEL_ROWS = {46, 28, 10};
    private static final int MAX_TICKS = 300;

    /** A band from x to x + width; {@code cssClass} picks its colour. */
    public record Span(double x, double width, String cssClass, String title) {
    }

    /** A milestone: a vertical line at x and its label at (x, labelY) anchored start, middle or end. */
    public record Event(double x, double labelY, String anchor, String label, String cssClass, String title) {

        /** The line starts just below its label. */
        public double lineTop() {
            return labelY + 4;
        }
    }

    /** A commit date below the axis. */
    public record Tick(double x, String title) {
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public double left() {
        return LEFT;
    }

    public double right() {
        return RIGHT;
    }

    public double axisY() {
        return AXIS_Y;
    }

    private record Milestone(Instant at, String label, String cssClass) {
    }

    /**
     * @param closed the closing time, or null while the incident is open (the line then runs to {@code now})
     */
    static TimelineSvg of(Instant exposureStart, Instant detected, Instant opened, Instant acknowledged,
            Instant contained, Instant closed, Instant now, List<Instant> commitDates) {
        List<Instant> commitsSorted = commitDates.stream().filter(Objects::nonNull).distinct().sorted().toList();
        Instant start = exposureStart != null ? exposureStart : opened;
        if (!commitsSorted.isEmpty() && commitsSorted.get(0).isBefore(start)) {
            start = commitsSorted.get(0);
        }
        Instant end = closed != null ? closed : now;
        for (Instant t : new Instant[]{detected, opened, acknowledged, contained}) {
            if (t != null && t.isAfter(end)) {
                end = t;
            }
        }
        if (!end.isAfter(start)) {
            end = start.plus(Duration.ofHours(1));
        }
        Scale scale = new Scale(start, end);

        List<Span> spans = new ArrayList<>();
        Instant windowEnd = contained != null ? contained : closed != null ? closed : now;
        if (exposureStart != null) {
            double x1 = scale.x(exposureStart);
            double x2 = Math.max(x1 + 2, scale.x(windowEnd));
            spans.add(new Span(x1, x2 - x1, "window-band", "Exposed: " + IncidentFormat.time(exposureStart) + " to "
                    + (contained != null
                            ? "containment " + IncidentFormat.time(contained)
                            : closed != null ? "closing " + IncidentFormat.time(closed) : "now")
                    + " (" + IncidentFormat.between(exposureStart, windowEnd) + ")"));
        }
        if (contained != null) {
            double x1 = scale.x(contained);
            double x2 = scale.x(closed != null ? closed : now);
            if (x2 > x1) {
                spans.add(new Span(x1, x2 - x1, "after-band", "Contained, not yet closed"));
            }
        }

        List<Milestone> milestones = new ArrayList<>();
        add(milestones, exposureStart, "First exposure", "exposure");
        boolean together = detected != null && opened != null
                && Duration.between(detected, opened).abs().compareTo(Duration.ofMinutes(1)) < 0;
        if (together) {
            add(milestones, opened, "Detected · opened", "opened");
        } else {
            add(milestones, detected, "Detected", "detected");
            add(milestones, opened, "Opened", "opened");
        }
        add(milestones, acknowledged, "Acknowledged", "acknowledged");
        add(milestones, contained, "Contained", "contained");
        add(milestones, closed != null ? closed : now, closed != null ? "Closed" : "Now",
                closed != null ? "closed" : "now");
        milestones.sort(Comparator.comparing(Milestone::at));

        List<Event> events = new ArrayList<>();
        double[] lastEdge = new double[LABEL_ROWS.length];
        Arrays.fill(lastEdge, Double.NEGATIVE_INFINITY);
        for (Milestone m : milestones) {
            double x = scale.x(m.at());
            double half = m.label().length() * 3.4 + 6; // about half the label's width at 11px
            String anchor = x - half < LEFT ? "start" : x + half > RIGHT ? "end" : "middle";
            double from = anchor.equals("start") ? x : anchor.equals("end") ? x - 2 * half : x - half;
            int row = 0;
            while (row < LABEL_ROWS.length - 1 && from < lastEdge[row]) {
                row++;
            }
            lastEdge[row] = from + 2 * half;
            events.add(new Event(x, LABEL_ROWS[row], anchor, m.label(), m.cssClass(),
                    m.label() + ": " + IncidentFormat.time(m.at())));
        }

        List<Tick> ticks = new ArrayList<>();
        TreeSet<Long> seen = new TreeSet<>();
        for (Instant c : commitsSorted) {
            double x = scale.x(c);
            // One tick per view-box unit is all the eye can tell apart.
            if (seen.add(Math.round(x)) && ticks.size() < MAX_TICKS) {
                ticks.add(new Tick(x, "Commit on " + IncidentFormat.time(c)));
            }
        }
        String ongoing = closed == null && contained == null ? "still exposed" : null;
        return new TimelineSvg(spans, events, ticks, IncidentFormat.day(start), IncidentFormat.day(end), ongoing);
    }

    private static void add(List<Milestone> milestones, Instant at, String label, String cssClass) {
        if (at != null) {
            milestones.add(new Milestone(at, label, cssClass));
        }
    }

    /** Linear time to x, rounded to a tenth of a unit so the markup stays short. */
    private record Scale(Instant start, Instant end) {
        double x(Instant t) {
            double span = Duration.between(start, end).toMillis();
            double at = Math.clamp(Duration.between(start, t).toMillis() / span, 0, 1);
            return Math.round((LEFT + at * (RIGHT - LEFT)) * 10) / 10.0;
        }
    }
}
