package io.leakresponder.dashboard;

import io.leakresponder.usage.AuditReport.CountryVolume;
import io.leakresponder.usage.UsageAuditService.DaySpend;
import io.leakresponder.usage.UsagePeriod;
import io.quarkus.qute.RawString;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The usage page's charts, each with the table of its numbers for readers who cannot see it. */
final class UsageCharts {

    /** Countries drawn one by one; the rest are summed as "Other". */
    static final int TOP_COUNTRIES = 8;
    static final String DAILY_SPEND_ID = "chart-daily-spend";
    static final String COUNTRIES_ID = "chart-countries";

    private UsageCharts() {
    }

    /**
     * A chart ready for the page.
     *
     * @param svg     the drawn chart (escaped by {@link Charts})
     * @param columns headings of the data table
     * @param rows    the data table, one row per bar group
     */
    public record ChartView(String id, String caption, RawString svg, List<String> columns, List<List<String>> rows,
            boolean empty) {
    }

    /** Spend per day, baseline days then window days, in the currency the records name. */
    static ChartView dailySpend(List<DaySpend> days) {
        String currency = days.stream().map(DaySpend::currency).filter(c -> c != null && !c.isBlank()).findFirst()
                .map(c -> c.toUpperCase(Locale.ROOT)).orElse("");
        Function<BigDecimal, String> money = Charts.money(currency);
        List<Charts.Group> groups = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (DaySpend d : days) {
            String series = d.period() == UsagePeriod.WINDOW ? "window" : "baseline";
            groups.add(new Charts.Group(d.day().toString().substring(5), List.of(new Charts.Bar(series, d.amount(),
                    d.day() + " (" + series + "): " + money.apply(d.amount())))));
            rows.add(List.of(d.day().toString(), series, money.apply(d.amount())));
        }
        boolean empty = days.stream().allMatch(d -> d.amount().signum() == 0);
        String title = "Spend per day (totalprice" + (currency.isEmpty() ? "" : ", " + currency)
                + "): baseline days before the compromised window, then the window's days";
        return new ChartView(DAILY_SPEND_ID, title, new RawString(Charts.render(new Charts.Spec(DAILY_SPEND_ID, title,
                currency, false, groups))), List.of("Day (UTC)", "Period", "Spend"), rows, empty);
    }

    /** Outbound messages per destination country, window against baseline: the top countries and "Other". */
    static ChartView countries(List<CountryVolume> volumes, String what) {
        List<CountryVolume> sorted = new ArrayList<>(volumes);
        sorted.sort(Comparator.comparingLong((CountryVolume c) -> c.window() + c.baseline()).reversed()
                .thenComparing(CountryVolume::country));
        List<Charts.Group> groups = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        long otherWindow = 0;
        long otherBaseline = 0;
        int others = 0;
        for (int i = 0; i < sorted.size(); i++) {
            CountryVolume c = sorted.get(i);
            if (i < TOP_COUNTRIES) {
                String name = label(c.country());
                String note = c.newInWindow() ? " (new in the window)" : "";
                groups.add(group(name, c.window(), c.baseline(), what, note));
                rows.add(List.of(name + note, Long.toString(c.window()), Long.toString(c.baseline())));
            } else {
                otherWindow += c.window();
                otherBaseline += c.baseline();
                others++;
            }
        }
        if (others > 0) {
            String name = "Other (" + others + ")";
            groups.add(group(name, otherWindow, otherBaseline, what, ""));
            rows.add(List.of(name, Long.toString(otherWindow), Long.toString(otherBaseline)));
        }
        String title = "Outbound " + what + " by destination country: window against baseline";
        return new ChartView(COUNTRIES_ID, title, new RawString(Charts.render(new Charts.Spec(COUNTRIES_ID, title,
                what, true, groups))), List.of("Country", "Window", "Baseline"), rows, groups.isEmpty());
    }

    private static Charts.Group group(String name, long window, long baseline, String what, String note) {
        return new Charts.Group(name, List.of(
                new Charts.Bar("window", BigDecimal.valueOf(window), name + note + ": " + window + " " + what
                        + " in the window"),
                new Charts.Bar("baseline", BigDecimal.valueOf(baseline), name + ": " + baseline + " " + what
                        + " in the baseline")));
    }

    /** ISO code as stored; 001 is Twilio's international networks, ZZ an unknown number. */
    static String label(String country) {
        return switch (country) {
            case "001" -> "Intl (001)";
            case "ZZ" -> "Unknown";
            default -> country;
        };
    }
}
