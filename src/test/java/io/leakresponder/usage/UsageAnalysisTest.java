package io.leakresponder.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.usage.AuditReport.Missing;
import io.leakresponder.usage.AuditReport.Severity;
import io.leakresponder.usage.AuditReport.Signal;
import io.leakresponder.usage.AuditReport.SignalKind;
import io.leakresponder.usage.AuditReport.Verdict;
import io.leakresponder.usage.UsageAnalysis.AccountFact;
import io.leakresponder.usage.UsageAnalysis.AlertHour;
import io.leakresponder.usage.UsageAnalysis.CountryFact;
import io.leakresponder.usage.UsageAnalysis.EventGroup;
import io.leakresponder.usage.UsageAnalysis.Facts;
import io.leakresponder.usage.UsageAnalysis.HeadFact;
import io.leakresponder.usage.UsageAnalysis.Rules;
import io.leakresponder.usage.UsageAnalysis.SpendFact;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each rule of the analysis on hand-made facts, and the verdict. */
class UsageAnalysisTest {

    static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
    // Window: 4 whole days (03-20 .. 03-23), baseline 4 days before it.
    static final AuditWindow WINDOW = AuditWindow.of(Instant.parse("2026-03-20T00:00:00Z"),
            Instant.parse("2026-03-23T12:00:00Z"), Duration.ofDays(30), false, NOW);

    static Rules rules(List<String> knownCidrs) {
        return new Rules(2.0, new BigDecimal("1.00"), 50, List.of("+882", "+234"), Cidrs.parse(knownCidrs), 20, 5.0,
                Set.of("api-key.created"), Set.of("account.created"), Set.of("phone-number.updated"),
                Set.of("account.updated"));
    }

    static final class FactsBuilder {
        List<SpendFact> spend = new ArrayList<>();
        List<CountryFact> messages = new ArrayList<>();
        List<CountryFact> calls = new ArrayList<>();
        List<HeadFact> messageHeads = new ArrayList<>();
        List<HeadFact> callHeads = new ArrayList<>();
        boolean baselineRead = true;
        List<EventGroup> events = new ArrayList<>();
        List<AlertHour> alerts = new ArrayList<>();
        long alertHours = 84;
        List<AccountFact> subaccounts = new ArrayList<>();

        Facts build() {
            return new Facts(WINDOW, spend, messages, calls, messageHeads, callHeads, baselineRead, baselineRead,
                    events,
                    alerts, alertHours, subaccounts);
        }
    }

    static List<Signal> signals(FactsBuilder f, List<String> known) {
        return new UsageAnalysis(rules(known)).signals(f.build());
    }

    static Signal only(List<Signal> signals, SignalKind kind) {
        List<Signal> found = signals.stream().filter(s -> s.kind() == kind).toList();
        assertThat(found).as("signals of kind " + kind + " in " + signals).hasSize(1);
        return found.get(0);
    }

    @Test
    void quietFactsRaiseNothing() {
        FactsBuilder f = new FactsBuilder();
        f.spend.add(new SpendFact("totalprice", "usd", new BigDecimal("40"), new BigDecimal("36")));
        f.messages.add(new CountryFact("US", 400, 380, new BigDecimal("-3")));
        f.messageHeads.add(new HeadFact("+1202", 400, 380));
        f.events.add(new EventGroup("phone-number.updated", "203.0.113.5", "api", true, 1, NOW, NOW));
        f.alerts.add(new AlertHour("30003", Instant.parse("2026-03-21T10:00:00Z"), 3));
        List<Signal> signals = signals(f, List.of("203.0.113.0/24"));
        // Only the webhook change from a known range, at LOW.
        assertThat(signals).extracting(Signal::severity).containsOnly(Severity.LOW);
        assertThat(ReportBuilder.verdict(signals, List.of())).isEqualTo(Verdict.NO_SIGN_OF_MISUSE);
    }

    @Test
    void spendPerDayFarAboveTheBaseline() {
        FactsBuilder f = new FactsBuilder();
        f.spend.add(new SpendFact("totalprice", "usd", new BigDecimal("400"), new BigDecimal("40")));
        f.spend.add(new SpendFact("sms-outbound", "usd", new BigDecimal("380"), new BigDecimal("30")));
        f.spend.add(new SpendFact("calls", "usd", new BigDecimal("4.2"), new BigDecimal("4")));
        List<Signal> signals = signals(f, List.of());
        Signal total = only(signals, SignalKind.SPEND_INCREASE);
        assertThat(total.severity()).isEqualTo(Severity.HIGH);
        assertThat(total.title()).contains("10.0×");
        assertThat(total.detail()).contains("100.00 USD per day in the window (4 day(s)")
                .contains("10.00 USD per day in the baseline");
        assertThat(total.rows().get(0).filter()).isEqualTo(Map.of("category", "totalprice"));
        Signal category = only(signals, SignalKind.CATEGORY_SPEND_INCREASE);
        assertThat(category.title()).contains("sms-outbound");
    }

    @Test
    void smallOrModestIncreasesAreNotSignals() {
        FactsBuilder f = new FactsBuilder();
        f.spend.add(new SpendFact("totalprice", "usd", new BigDecimal("2"), new BigDecimal("0.4")));
        f.spend.add(new SpendFact("sms", "usd", new BigDecimal("60"), new BigDecimal("40")));
        assertThat(signals(f, List.of())).isEmpty();
    }

    @Test
    void destinationsNeverSeenInTheBaseline() {
        FactsBuilder f = new FactsBuilder();
        f.messages.add(new CountryFact("US", 100, 90, BigDecimal.ONE));
        f.messages.add(new CountryFact("NG", 800, 0, BigDecimal.TEN));
        f.messages.add(new CountryFact("ZZ", 5, 0, BigDecimal.ZERO));
        f.calls.add(new CountryFact("CU", 3, 0, BigDecimal.ONE));
        List<Signal> signals = signals(f, List.of());
        List<Signal> fresh = signals.stream().filter(s -> s.kind() == SignalKind.NEW_DESTINATION_COUNTRY).toList();
        assertThat(fresh).hasSize(2);
        Signal messages = fresh.stream().filter(s -> s.title().contains("messages")).findFirst().orElseThrow();
        assertThat(messages.severity()).isEqualTo(Severity.HIGH);
        assertThat(messages.rows()).singleElement().satisfies(link -> {
            assertThat(link.source()).isEqualTo(UsageSource.MESSAGES);
            assertThat(link.filter()).containsEntry("country", "NG").containsEntry("period", "WINDOW")
                    .containsEntry("direction", "outbound");
            assertThat(link.count()).isEqualTo(800);
        });
        Signal calls = fresh.stream().filter(s -> s.title().contains("calls")).findFirst().orElseThrow();
        assertThat(calls.severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void noNewCountryClaimWithoutACompleteBaseline() {
        FactsBuilder f = new FactsBuilder();
        f.messages.add(new CountryFact("NG", 800, 0, BigDecimal.TEN));
        f.baselineRead = false;
        assertThat(signals(f, List.of())).noneMatch(s -> s.kind() == SignalKind.NEW_DESTINATION_COUNTRY);
    }

    @Test
    void volumeRisingToAKnownCountry() {
        FactsBuilder f = new FactsBuilder();
        f.messages.add(new CountryFact("GB", 900, 100, BigDecimal.TEN));
        Signal s = only(signals(f, List.of()), SignalKind.COUNTRY_VOLUME_INCREASE);
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.detail()).contains("GB (900 against 100 in the baseline)");
    }

    @Test
    void highRiskPrefixes() {
        FactsBuilder f = new FactsBuilder();
        f.callHeads.add(new HeadFact("+88216", 12, 0));
        f.messageHeads.add(new HeadFact("+23480", 7, 30));
        List<Signal> signals = signals(f, List.of());
        List<Signal> prefixes = signals.stream().filter(s -> s.kind() == SignalKind.HIGH_RISK_PREFIX).toList();
        assertThat(prefixes).hasSize(2);
        Signal calls = prefixes.stream().filter(s -> s.title().contains("calls")).findFirst().orElseThrow();
        assertThat(calls.severity()).isEqualTo(Severity.HIGH); // never called before
        assertThat(calls.rows().get(0).filter()).containsEntry("prefix", "+882");
        Signal messages = prefixes.stream().filter(s -> s.title().contains("messages")).findFirst().orElseThrow();
        assertThat(messages.severity()).isEqualTo(Severity.MEDIUM); // also in the baseline
    }

    @Test
    void eventsFromUnknownAddresses() {
        FactsBuilder f = new FactsBuilder();
        f.events.add(new EventGroup("api-key.created", "198.51.100.9", "api", false, 2, NOW, NOW));
        f.events.add(new EventGroup("message.sent", "203.0.113.7", "api", false, 5, NOW, NOW));
        f.events.add(new EventGroup("account.updated", null, "twilio", false, 1, NOW, NOW));
        Signal ip = only(signals(f, List.of("203.0.113.0/24")), SignalKind.UNKNOWN_SOURCE_IP);
        assertThat(ip.severity()).isEqualTo(Severity.HIGH); // one of them created a key
        assertThat(ip.rows()).singleElement().satisfies(l -> assertThat(l.filter()).containsEntry("sourceIp",
                "198.51.100.9"));

        FactsBuilder plain = new FactsBuilder();
        plain.events.add(new EventGroup("message.sent", "198.51.100.9", "api", false, 5, NOW, NOW));
        assertThat(only(signals(plain, List.of("203.0.113.0/24")), SignalKind.UNKNOWN_SOURCE_IP).severity())
                .isEqualTo(Severity.MEDIUM);
        assertThat(only(signals(plain, List.of()), SignalKind.UNKNOWN_SOURCE_IP).severity())
                .isEqualTo(Severity.LOW); // nothing configured: reported, not judged
    }

    @Test
    void credentialAndConfigurationChanges() {
        FactsBuilder f = new FactsBuilder();
        f.events.add(new EventGroup("api-key.created", "198.51.100.9", "api", false, 1, NOW, NOW));
        f.events.add(new EventGroup("phone-number.updated", "198.51.100.9", "api", true, 2, NOW, NOW));
        f.events.add(new EventGroup("phone-number.updated", "198.51.100.9", "api", false, 1, NOW, NOW));
        f.events.add(new EventGroup("account.updated", "203.0.113.1", "web", false, 1, NOW, NOW));
        f.events.add(new EventGroup("account.created", "198.51.100.9", "api", false, 1, NOW, NOW));
        f.subaccounts.add(new AccountFact("AC00000000000000000000000000000b02", "pump",
                Instant.parse("2026-03-21T00:00:00Z")));
        f.subaccounts.add(new AccountFact("AC00000000000000000000000000000b03", "old",
                Instant.parse("2025-01-01T00:00:00Z")));
        List<Signal> signals = signals(f, List.of("203.0.113.0/24"));
        assertThat(only(signals, SignalKind.API_KEY_CREATED).severity()).isEqualTo(Severity.HIGH);
        Signal webhook = only(signals, SignalKind.WEBHOOK_CHANGED);
        assertThat(webhook.severity()).isEqualTo(Severity.HIGH);
        assertThat(webhook.rows().get(0).count()).isEqualTo(2);
        assertThat(only(signals, SignalKind.PHONE_NUMBER_CHANGED).severity()).isEqualTo(Severity.MEDIUM);
        // The settings change came from a known range only: probably the responder's own.
        assertThat(only(signals, SignalKind.ACCOUNT_SETTINGS_CHANGED).severity()).isEqualTo(Severity.LOW);
        Signal sub = only(signals, SignalKind.SUBACCOUNT_CREATED);
        assertThat(sub.severity()).isEqualTo(Severity.HIGH);
        assertThat(sub.detail()).contains("AC00000000000000000000000000000b02").doesNotContain("b03");
        assertThat(sub.rows()).extracting(AuditReport.RowLink::source)
                .containsExactly(UsageSource.MONITOR_EVENTS, UsageSource.SUBACCOUNTS);
        assertThat(signals.get(0).severity()).isEqualTo(Severity.HIGH); // most severe first
    }

    @Test
    void alertSpikes() {
        FactsBuilder f = new FactsBuilder();
        Instant hour = Instant.parse("2026-03-21T03:00:00Z");
        f.alerts.add(new AlertHour("30007", hour, 60));
        f.alerts.add(new AlertHour("30007", hour.plusSeconds(3600), 2));
        f.alerts.add(new AlertHour("11200", hour, 10)); // below the minimum
        Signal spike = only(signals(f, List.of()), SignalKind.ALERT_ERROR_SPIKE);
        assertThat(spike.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(spike.detail()).contains("error 30007: 60 in the hour from 2026-03-21T03:00:00Z")
                .doesNotContain("11200");
        assertThat(spike.rows().get(0).filter()).containsEntry("errorCode", "30007")
                .containsEntry("from", "2026-03-21T03:00:00Z").containsEntry("to", "2026-03-21T04:00:00Z");

        FactsBuilder steady = new FactsBuilder();
        for (int h = 0; h < 84; h++) {
            steady.alerts.add(new AlertHour("30007", hour.plusSeconds(3600L * h), 30));
        }
        assertThat(signals(steady, List.of())).isEmpty();
    }

    @Test
    void verdicts() {
        Signal low = new Signal(SignalKind.UNKNOWN_SOURCE_IP, Severity.LOW, "t", "d", List.of());
        Signal medium = new Signal(SignalKind.ALERT_ERROR_SPIKE, Severity.MEDIUM, "t", "d", List.of());
        Missing gap = new Missing(UsageSource.MONITOR_EVENTS, "AC", UsagePeriod.WINDOW, "no evidence");
        assertThat(ReportBuilder.verdict(List.of(low), List.of())).isEqualTo(Verdict.NO_SIGN_OF_MISUSE);
        assertThat(ReportBuilder.verdict(List.of(low), List.of(gap))).isEqualTo(Verdict.INCOMPLETE);
        assertThat(ReportBuilder.verdict(List.of(low, medium), List.of(gap))).isEqualTo(Verdict.SUSPICIOUS);
    }
}
