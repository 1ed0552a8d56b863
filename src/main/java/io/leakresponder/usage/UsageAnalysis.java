package io.leakresponder.usage;

import io.leakresponder.usage.AuditReport.RowLink;
import io.leakresponder.usage.AuditReport.Severity;
import io.leakresponder.usage.AuditReport.Signal;
import io.leakresponder.usage.AuditReport.SignalKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns aggregated facts of an audit into signals. Pure Java over small inputs (SQL has done the counting), so
 * every rule is unit-tested without a database. Row links carry the CSV filter and the number of rows; the report
 * adds example SIDs afterwards.
 */
final class UsageAnalysis {

    /** Twilio's aggregate category of all spend. */
    static final String TOTAL_PRICE = "totalprice";
    /** Category increases reported at most, the largest first. */
    static final int MAX_CATEGORY_SIGNALS = 5;
    /** Row links one signal carries at most (countries, prefixes, addresses). */
    static final int MAX_LINKS = 20;

    // ---- inputs ----

    /** Spend of one category over all accounts, summed per period. */
    record SpendFact(String category, String currency, BigDecimal window, BigDecimal baseline) {
    }

    /** Outbound rows to one destination country. */
    record CountryFact(String country, long window, long baseline, BigDecimal windowPrice) {
    }

    /** Outbound rows whose number starts with {@code head} (the number's first characters). */
    record HeadFact(String head, long window, long baseline) {
    }

    /** Monitor Events grouped by type, source IP, source and whether the changed fields name a URL. */
    record EventGroup(String eventType, String sourceIp, String source, boolean urlChanged, long count,
            Instant first, Instant last) {
    }

    /** Error alerts of one code in one hour. */
    record AlertHour(String errorCode, Instant hour, long count) {
    }

    /** A subaccount and when it was created. */
    record AccountFact(String sid, String friendlyName, Instant dateCreated) {
    }

    /**
     * Everything the rules look at.
     *
     * @param messagesBaselineRead whether every baseline message pull finished (else "new country" cannot be told)
     * @param alertHours           hours the alert pulls covered (for the average hourly count)
     */
    record Facts(AuditWindow window, List<SpendFact> spend, List<CountryFact> messageCountries,
            List<CountryFact> callCountries, List<HeadFact> messageHeads, List<HeadFact> callHeads,
            boolean messagesBaselineRead, boolean callsBaselineRead, List<EventGroup> events,
            List<AlertHour> alerts, long alertHours, List<AccountFact> subaccounts) {
    }

    /** The thresholds, from {@link UsageConfig} in the application. */
    record Rules(double spendRatio, BigDecimal spendMinimumIncrease, int newCountryHighVolume,
            List<String> highRiskPrefixes, Cidrs knownRanges, int alertSpikeMinimum, double alertSpikeRatio,
            Set<String> apiKeyCreated, Set<String> subaccountCreated, Set<String> phoneNumberUpdated,
            Set<String> accountSettingsChanged) {

        static Rules of(UsageConfig c) {
            return new Rules(c.spendThresholdRatio(), c.spendMinimumIncrease(), c.newCountryHighVolume(),
                    c.highRiskPrefixes().stream().map(String::strip).filter(p -> !p.isEmpty())
                            .map(p -> p.startsWith("+") ? p : "+" + p).toList(),
                    Cidrs.parse(c.knownCidrs().orElse(List.of())), c.alertSpikeMinimum(), c.alertSpikeRatio(),
                    lower(c.changeEvents().apiKeyCreated()), lower(c.changeEvents().subaccountCreated()),
                    lower(c.changeEvents().phoneNumberUpdated()), lower(c.changeEvents().accountSettingsChanged()));
        }

        static Set<String> lower(List<String> types) {
            Set<String> out = new TreeSet<>();
            types.forEach(t -> out.add(t.strip().toLowerCase(Locale.ROOT)));
            return out;
        }
    }

    private final Rules rules;

    UsageAnalysis(Rules rules) {
        this.rules = rules;
    }

    /** Every signal the facts raise, most severe first. */
    List<Signal> signals(Facts facts) {
        List<Signal> out = new ArrayList<>();
        spend(facts, out);
        for (UsageSource source : List.of(UsageSource.MESSAGES, UsageSource.CALLS)) {
            boolean messages = source == UsageSource.MESSAGES;
            countries(facts, source, messages ? facts.messageCountries() : facts.callCountries(),
                    messages ? facts.messagesBaselineRead() : facts.callsBaselineRead(), out);
            prefixes(source, messages ? facts.messageHeads() : facts.callHeads(), out);
        }
        sourceIps(facts.events(), out);
        changes(facts, out);
        alertSpikes(facts, out);
        out.sort(Comparator.comparing(Signal::severity));
        return out;
    }

    // ---- spend ----

    private void spend(Facts f, List<Signal> out) {
        AuditWindow w = f.window();
        long windowDays = w.windowDays();
        long baselineDays = w.baselineDays();
        if (baselineDays == 0) {
            return; // nothing to compare with; the report says there is no baseline
        }
        List<Signal> categories = new ArrayList<>();
        List<BigDecimal> increases = new ArrayList<>();
        for (SpendFact s : f.spend()) {
            BigDecimal windowPerDay = perDay(s.window(), windowDays);
            BigDecimal baselinePerDay = perDay(s.baseline(), baselineDays);
            BigDecimal increase = windowPerDay.subtract(baselinePerDay);
            if (increase.compareTo(rules.spendMinimumIncrease()) < 0) {
                continue;
            }
            double ratio = baselinePerDay.signum() == 0
                    ? Double.POSITIVE_INFINITY
                    : windowPerDay.divide(baselinePerDay, MathContext.DECIMAL64).doubleValue();
            if (ratio < rules.spendRatio()) {
                continue;
            }
            boolean total = TOTAL_PRICE.equalsIgnoreCase(s.category());
            boolean steep = ratio >= 3 * rules.spendRatio();
            Severity severity = total
                    ? (steep ? Severity.HIGH : Severity.MEDIUM)
                    : (steep && increase.compareTo(rules.spendMinimumIncrease().multiply(BigDecimal.TEN)) >= 0
                            ? Severity.HIGH
                            : Severity.MEDIUM);
            String currency = s.currency() == null ? "" : " " + s.currency().toUpperCase(Locale.ROOT);
            String title = (total ? "Spend" : "Spend on " + s.category()) + " per day rose "
                    + (Double.isInfinite(ratio) ? "from nothing" : String.format(Locale.ROOT, "%.1f×", ratio))
                    + " over the baseline";
            String detail = String.format(Locale.ROOT, "%s%s per day in the window (%d day(s), %s%s in all) "
                    + "against %s%s per day in the baseline (%d day(s)); days are whole UTC days",
                    money(windowPerDay), currency, windowDays, money(abs(s.window())), currency,
                    money(baselinePerDay), currency, baselineDays);
            Signal signal = new Signal(total ? SignalKind.SPEND_INCREASE : SignalKind.CATEGORY_SPEND_INCREASE,
                    severity, title, detail, List.of(new RowLink(UsageSource.USAGE_RECORDS,
                            Map.of("category", s.category()), 0, List.of())));
            if (total) {
                out.add(signal);
            } else {
                categories.add(signal);
                increases.add(increase);
            }
        }
        // The largest increases only: categories nest (sms, sms-outbound, sms-outbound-longcode).
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> increases.get(b).compareTo(increases.get(a)));
        for (int i = 0; i < Math.min(MAX_CATEGORY_SIGNALS, order.size()); i++) {
            out.add(categories.get(order.get(i)));
        }
    }

    private static BigDecimal perDay(BigDecimal sum, long days) {
        return days <= 0 ? BigDecimal.ZERO : abs(sum).divide(BigDecimal.valueOf(days), 4, RoundingMode.HALF_UP);
    }

    private static BigDecimal abs(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v.abs();
    }

    static String money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    // ---- destinations ----

    private void countries(Facts f, UsageSource source, List<CountryFact> facts, boolean baselineRead,
            List<Signal> out) {
        String noun = source == UsageSource.MESSAGES ? "messages" : "calls";
        AuditWindow w = f.window();
        if (w.hasBaseline() && baselineRead) {
            List<CountryFact> fresh = facts.stream()
                    .filter(c -> known(c.country()) && c.window() > 0 && c.baseline() == 0)
                    .sorted(Comparator.comparingLong(CountryFact::window).reversed()).toList();
            if (!fresh.isEmpty()) {
                long rows = fresh.stream().mapToLong(CountryFact::window).sum();
                boolean high = fresh.stream().anyMatch(c -> c.window() >= rules.newCountryHighVolume());
                out.add(new Signal(SignalKind.NEW_DESTINATION_COUNTRY, high ? Severity.HIGH : Severity.MEDIUM,
                        "Outbound " + noun + " to " + fresh.size() + " countr" + (fresh.size() == 1 ? "y" : "ies")
                                + " not seen in the baseline",
                        rows + " outbound " + noun + " in the window went to countries the baseline never reached: "
                                + list(fresh.stream().map(c -> c.country() + " (" + c.window() + ")").toList())
                                + ". Traffic to unusual countries is the mark of SMS pumping and toll fraud.",
                        fresh.stream().limit(MAX_LINKS).map(c -> outbound(source, c.country(), null, c.window()))
                                .toList()));
            }
        }
        if (!w.hasBaseline()) {
            return;
        }
        double windowSeconds = Math.max(1, Duration.between(w.start(), w.effectiveEnd()).toSeconds());
        double baselineSeconds = Math.max(1, Duration.between(w.baselineStart(), w.start()).toSeconds());
        List<CountryFact> rising = facts.stream()
                .filter(c -> known(c.country()) && c.baseline() > 0 && c.window() >= rules.newCountryHighVolume())
                .filter(c -> (c.window() / windowSeconds) >= rules.spendRatio() * (c.baseline() / baselineSeconds))
                .sorted(Comparator.comparingLong(CountryFact::window).reversed()).toList();
        if (!rising.isEmpty()) {
            out.add(new Signal(SignalKind.COUNTRY_VOLUME_INCREASE, Severity.MEDIUM,
                    "Outbound " + noun + " rose sharply to " + rising.size() + " countr"
                            + (rising.size() == 1 ? "y" : "ies"),
                    "Rate in the window at least " + rules.spendRatio() + "× the baseline rate: "
                            + list(rising.stream().map(c -> c.country() + " (" + c.window() + " against "
                                    + c.baseline() + " in the baseline)").toList()),
                    rising.stream().limit(MAX_LINKS).map(c -> outbound(source, c.country(), null, c.window()))
                            .toList()));
        }
    }

    private void prefixes(UsageSource source, List<HeadFact> heads, List<Signal> out) {
        Map<String, long[]> byPrefix = new TreeMap<>();
        for (HeadFact h : heads) {
            for (String prefix : rules.highRiskPrefixes()) {
                if (h.head() != null && h.head().startsWith(prefix)) {
                    long[] counts = byPrefix.computeIfAbsent(prefix, p -> new long[2]);
                    counts[0] += h.window();
                    counts[1] += h.baseline();
                }
            }
        }
        byPrefix.values().removeIf(c -> c[0] == 0);
        if (byPrefix.isEmpty()) {
            return;
        }
        String noun = source == UsageSource.MESSAGES ? "messages" : "calls";
        boolean fresh = byPrefix.values().stream().anyMatch(c -> c[1] == 0);
        long rows = byPrefix.values().stream().mapToLong(c -> c[0]).sum();
        List<String> parts = new ArrayList<>();
        List<RowLink> links = new ArrayList<>();
        byPrefix.forEach((prefix, c) -> {
            parts.add(prefix + " (" + c[0] + (c[1] == 0 ? ", none in the baseline" : ", " + c[1] + " in the baseline")
                    + ")");
            if (links.size() < MAX_LINKS) {
                links.add(outbound(source, null, prefix, c[0]));
            }
        });
        out.add(new Signal(SignalKind.HIGH_RISK_PREFIX, fresh ? Severity.HIGH : Severity.MEDIUM,
                rows + " outbound " + noun + " to high-risk prefixes",
                "Destinations on the configured high-risk list: " + list(parts) + ".", links));
    }

    private static RowLink outbound(UsageSource source, String country, String prefix, long count) {
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("period", UsagePeriod.WINDOW.name());
        filter.put("direction", "outbound");
        if (country != null) {
            filter.put("country", country);
        }
        if (prefix != null) {
            filter.put("prefix", prefix);
        }
        return new RowLink(source, filter, count, List.of());
    }

    private static boolean known(String country) {
        return country != null && !Countries.UNKNOWN.equals(country);
    }

    // ---- monitor events ----

    private void sourceIps(List<EventGroup> events, List<Signal> out) {
        Map<String, long[]> byIp = new TreeMap<>();
        Map<String, Set<String>> typesByIp = new TreeMap<>();
        for (EventGroup e : events) {
            if (e.sourceIp() == null || e.sourceIp().isBlank() || rules.knownRanges().contains(e.sourceIp())) {
                continue;
            }
            byIp.computeIfAbsent(e.sourceIp(), ip -> new long[1])[0] += e.count();
            typesByIp.computeIfAbsent(e.sourceIp(), ip -> new TreeSet<>()).add(String.valueOf(e.eventType()));
        }
        if (byIp.isEmpty()) {
            return;
        }
        boolean changes = typesByIp.values().stream().flatMap(Set::stream).anyMatch(this::isChange);
        Severity severity = rules.knownRanges().isEmpty() ? Severity.LOW : changes ? Severity.HIGH : Severity.MEDIUM;
        List<String> parts = new ArrayList<>();
        List<RowLink> links = new ArrayList<>();
        byIp.forEach((ip, n) -> {
            parts.add(ip + " (" + n[0] + ": " + String.join(", ", typesByIp.get(ip)) + ")");
            if (links.size() < MAX_LINKS) {
                links.add(new RowLink(UsageSource.MONITOR_EVENTS, Map.of("sourceIp", ip), n[0], List.of()));
            }
        });
        String detail = rules.knownRanges().isEmpty()
                ? "No known ranges are configured (leak-responder.usage.known-cidrs), so every address counts as "
                        + "unknown; check these: " + list(parts) + "."
                : "Addresses outside the configured known ranges: " + list(parts) + "."
                        + (changes ? " Some of these events changed credentials or configuration." : "");
        out.add(new Signal(SignalKind.UNKNOWN_SOURCE_IP, severity, "Monitor Events from " + byIp.size()
                + " source IP" + (byIp.size() == 1 ? "" : "s") + " outside the known ranges", detail, links));
    }

    private void changes(Facts f, List<Signal> out) {
        change(f.events(), rules.apiKeyCreated(), false, SignalKind.API_KEY_CREATED, Severity.HIGH,
                "API keys created in the window",
                "A key created with the leaked credential keeps working after it is rotated: delete any key you "
                        + "did not create.",
                out);
        change(f.events(), rules.phoneNumberUpdated(), true, SignalKind.WEBHOOK_CHANGED, Severity.HIGH,
                "Phone-number webhook URLs changed in the window",
                "Changed webhooks send calls and messages (and their content) to whoever set them.", out);
        change(f.events(), rules.phoneNumberUpdated(), false, SignalKind.PHONE_NUMBER_CHANGED, Severity.MEDIUM,
                "Phone numbers changed in the window",
                "The changed fields are not known or name no URL; check the numbers' configuration.", out);
        change(f.events(), rules.accountSettingsChanged(), false, SignalKind.ACCOUNT_SETTINGS_CHANGED,
                Severity.MEDIUM, "Account settings, credentials or users changed in the window",
                "Check each change against your own remediation steps.", out);
        List<AccountFact> created = f.subaccounts().stream()
                .filter(a -> a.dateCreated() != null && !a.dateCreated().isBefore(f.window().start())
                        && !a.dateCreated().isAfter(f.window().effectiveEnd()))
                .toList();
        List<RowLink> links = new ArrayList<>();
        long events = 0;
        for (EventGroup e : f.events()) {
            if (matches(e.eventType(), rules.subaccountCreated())) {
                events += e.count();
            }
        }
        if (events > 0) {
            rules.subaccountCreated().forEach(type -> {
                long n = f.events().stream().filter(e -> type.equalsIgnoreCase(e.eventType()))
                        .mapToLong(EventGroup::count).sum();
                if (n > 0) {
                    links.add(new RowLink(UsageSource.MONITOR_EVENTS, Map.of("eventType", type), n, List.of()));
                }
            });
        }
        created.stream().limit(MAX_LINKS).forEach(a -> links.add(new RowLink(UsageSource.SUBACCOUNTS,
                Map.of("accountSid", a.sid()), 1, List.of(a.sid()))));
        if (!created.isEmpty() || events > 0) {
            out.add(new Signal(SignalKind.SUBACCOUNT_CREATED, Severity.HIGH, "Subaccounts created in the window",
                    (created.isEmpty()
                            ? ""
                            : created.size() + " subaccount(s) created in the window: "
                                    + list(created.stream().map(a -> a.sid() + (a.friendlyName() == null
                                            ? ""
                                            : " '" + a.friendlyName() + "'") + " at " + a.dateCreated()).toList())
                                    + ". ")
                            + (events > 0 ? events + " subaccount creation event(s) in Monitor Events. " : "")
                            + "A subaccount has its own Auth Token, which rotating the main account's does not "
                            + "change.",
                    links));
        }
    }

    /**
     * One signal per kind of change. Events from the known ranges only (e.g. the responder's own rotation) lower
     * it to LOW; with {@code urlOnly} only updates whose changed fields name a URL count, else only the others.
     */
    private void change(List<EventGroup> events, Set<String> types, boolean urlOnly, SignalKind kind,
            Severity severity, String title, String advice, List<Signal> out) {
        boolean phone = kind == SignalKind.WEBHOOK_CHANGED || kind == SignalKind.PHONE_NUMBER_CHANGED;
        Map<String, long[]> byType = new TreeMap<>();
        boolean unknownSource = false;
        for (EventGroup e : events) {
            if (!matches(e.eventType(), types) || (phone && e.urlChanged() != urlOnly)) {
                continue;
            }
            byType.computeIfAbsent(e.eventType(), t -> new long[1])[0] += e.count();
            unknownSource |= rules.knownRanges().isEmpty() || e.sourceIp() == null
                    || !rules.knownRanges().contains(e.sourceIp());
        }
        if (byType.isEmpty()) {
            return;
        }
        List<RowLink> links = new ArrayList<>();
        byType.forEach((type, n) -> links.add(new RowLink(UsageSource.MONITOR_EVENTS, Map.of("eventType", type), n[0],
                List.of())));
        long total = byType.values().stream().mapToLong(n -> n[0]).sum();
        String detail = total + " event(s): " + list(byType.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue()[0] + ")").toList()) + ". " + advice
                + (unknownSource ? "" : " All of them came from the known ranges, so they are probably your own.");
        out.add(new Signal(kind, unknownSource ? severity : Severity.LOW, title, detail, links));
    }

    private boolean isChange(String eventType) {
        return matches(eventType, rules.apiKeyCreated()) || matches(eventType, rules.subaccountCreated())
                || matches(eventType, rules.phoneNumberUpdated()) || matches(eventType, rules.accountSettingsChanged());
    }

    private static boolean matches(String eventType, Set<String> types) {
        return eventType != null && types.contains(eventType.toLowerCase(Locale.ROOT));
    }

    // ---- alerts ----

    private void alertSpikes(Facts f, List<Signal> out) {
        Map<String, List<AlertHour>> byCode = new TreeMap<>();
        for (AlertHour a : f.alerts()) {
            byCode.computeIfAbsent(String.valueOf(a.errorCode()), c -> new ArrayList<>()).add(a);
        }
        // Short windows are averaged over a day at least, so an hour cannot only be compared with itself.
        double hours = Math.max(24, f.alertHours());
        List<String> parts = new ArrayList<>();
        List<RowLink> links = new ArrayList<>();
        byCode.forEach((code, list) -> {
            long total = list.stream().mapToLong(AlertHour::count).sum();
            double average = total / hours;
            AlertHour peak = list.stream().max(Comparator.comparingLong(AlertHour::count)).orElseThrow();
            if (peak.count() >= rules.alertSpikeMinimum() && peak.count() >= rules.alertSpikeRatio() * average) {
                parts.add("error " + code + ": " + peak.count() + " in the hour from " + peak.hour() + " ("
                        + String.format(Locale.ROOT, "%.1f", average) + " an hour on average, " + total + " in all)");
                if (links.size() < MAX_LINKS) {
                    Map<String, String> filter = new LinkedHashMap<>();
                    filter.put("errorCode", code);
                    filter.put("from", peak.hour().toString());
                    filter.put("to", peak.hour().plus(Duration.ofHours(1)).toString());
                    links.add(new RowLink(UsageSource.MONITOR_ALERTS, filter, peak.count(), List.of()));
                }
            }
        });
        if (!parts.isEmpty()) {
            out.add(new Signal(SignalKind.ALERT_ERROR_SPIKE, Severity.MEDIUM, "Spikes of error alerts",
                    "Hours with far more errors than usual: " + list(parts) + ". Bursts of delivery errors "
                            + "(e.g. 30003, 30005, 30007, 30008) come with traffic to numbers nobody answers.",
                    links));
        }
    }

    private static String list(List<String> parts) {
        int max = 30;
        return parts.size() <= max
                ? String.join(", ", parts)
                : String.join(", ", parts.subList(0, max)) + " and " + (parts.size() - max) + " more";
    }
}
