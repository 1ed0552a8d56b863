package io.leakresponder.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The usage audit of an incident as it stands: window and baseline, progress of every pull, row counts, signals
 * with links to the rows that raised them, retention gaps, and the verdict. Serialises to JSON as is.
 *
 * @param verdict       NO_SIGN_OF_MISUSE, SUSPICIOUS (see {@code signals}) or INCOMPLETE (see {@code missing})
 * @param verdictReason one sentence saying why
 * @param signals       findings, most severe first
 * @param missing       what could not be seen (pulls unfinished, failed or refused, retention gaps)
 * @param retentionGaps "no evidence available before X for Y", one per source and account concerned
 * @param progress      one line per pull
 * @param spend         {@code totalprice} first, then the categories whose spend rose most
 * @param review        who reviewed the audit, and when; null until reviewed
 */
public record AuditReport(
        UUID auditId,
        UUID incidentId,
        String accountSid,
        Window window,
        Verdict verdict,
        String verdictReason,
        List<Signal> signals,
        List<Missing> missing,
        List<RetentionGap> retentionGaps,
        List<SourceProgress> progress,
        Counts counts,
        List<SpendLine> spend,
        List<CountryVolume> messagesByCountry,
        List<CountryVolume> callsByCountry,
        List<AccountInfo> accounts,
        boolean includeSubaccounts,
        Instant startedAt,
        String startedBy,
        Instant refreshedAt,
        int generation,
        Review review,
        Instant generatedAt) {

    /** The overall answer. */
    public enum Verdict {
        /** Everything was read and nothing of MEDIUM or HIGH severity was found. */
        NO_SIGN_OF_MISUSE,
        /** At least one MEDIUM or HIGH signal, whatever could not be read. */
        SUSPICIOUS,
        /** Nothing suspicious in what was read, but something could not be read (yet). */
        INCOMPLETE
    }

    /** How much a signal weighs; MEDIUM and HIGH make the audit SUSPICIOUS. */
    public enum Severity {
        HIGH, MEDIUM, LOW, INFO;

        /** True for severities that make the verdict SUSPICIOUS. */
        public boolean suspicious() {
            return this == HIGH || this == MEDIUM;
        }
    }

    /** What a signal is about. */
    public enum SignalKind {
        /** {@code totalprice} per day in the window well above the baseline. */
        SPEND_INCREASE,
        /** One usage category's spend per day well above the baseline. */
        CATEGORY_SPEND_INCREASE,
        /** Outbound messages or calls to a country not seen in the baseline (SMS pumping, toll fraud). */
        NEW_DESTINATION_COUNTRY,
        /** Outbound volume to a known country well above the baseline. */
        COUNTRY_VOLUME_INCREASE,
        /** Outbound messages or calls to a configured high-risk prefix. */
        HIGH_RISK_PREFIX,
        /** Monitor Events from source IPs outside the configured known ranges. */
        UNKNOWN_SOURCE_IP,
        /** API keys created in the window. */
        API_KEY_CREATED,
        /** Subaccounts created in the window. */
        SUBACCOUNT_CREATED,
        /** Phone-number webhook URLs changed in the window. */
        WEBHOOK_CHANGED,
        /** Other phone-number changes in the window. */
        PHONE_NUMBER_CHANGED,
        /** Account settings, credentials or users changed in the window. */
        ACCOUNT_SETTINGS_CHANGED,
        /** An hour with far more error alerts of one code than usual. */
        ALERT_ERROR_SPIKE
    }

    /**
     * The compromised window and its baseline.
     *
     * @param end         the confirmed end, or null while the window is open
     * @param pulledUntil the end the current pulls use: {@code end}, or the moment of the last start or refresh
     */
    public record Window(Instant start, Instant end, boolean open, Instant pulledUntil, String reason,
            Instant baselineStart, Instant baselineEnd) {
    }

    /**
     * One finding.
     *
     * @param rows where the rows behind it are: per source a CSV filter, the number of rows and example SIDs
     */
    public record Signal(SignalKind kind, Severity severity, String title, String detail, List<RowLink> rows) {
    }

    /**
     * Rows behind a signal. {@code filter} holds {@link UsageExportFilter} fields by name (e.g. {@code period},
     * {@code country}); as query parameters of the source's CSV export it yields exactly these rows.
     */
    public record RowLink(UsageSource source, Map<String, String> filter, long count, List<String> sampleSids) {
    }

    /**
     * Something the audit could not see, in words. {@code stalled}: the job reading it stopped, so it will not
     * finish on its own (a refresh reads it again).
     */
    public record Missing(UsageSource source, String accountSid, UsagePeriod period, String what, boolean stalled) {

        /** Evidence not read in full, by a pull that is still going or ended. */
        public Missing(UsageSource source, String accountSid, UsagePeriod period, String what) {
            this(source, accountSid, period, what, false);
        }
    }

    /** Evidence Twilio no longer keeps: nothing of {@code source} before {@code availableFrom} can be read. */
    public record RetentionGap(UsageSource source, String accountSid, Instant availableFrom, String statement) {
    }

    /** Progress of one pull. */
    public record SourceProgress(UsageSource source, String accountSid, UsagePeriod period, Instant rangeStart,
            Instant rangeEnd, PullStatus status, int pages, long rowsRead, long rowsStored,
            long rowsOutsideRange, int rateLimited, Instant nextAttemptAt, String detail,
            Instant startedAt, Instant finishedAt) {
    }

    /** Rows stored, by source and period. */
    public record Counts(long messagesWindow, long messagesBaseline, long callsWindow, long callsBaseline,
            long usageRecordsWindow, long usageRecordsBaseline, long monitorEvents, long monitorAlerts,
            int accounts) {
    }

    /**
     * Spend of one usage category (summed over accounts), whole days in UTC. The day the window starts on counts
     * as window, so the window's spend includes that day's hours before the exposure.
     *
     * @param ratio window per day over baseline per day; null without baseline spend
     */
    public record SpendLine(String category, String currency, BigDecimal window, BigDecimal baseline,
            BigDecimal windowPerDay, BigDecimal baselinePerDay, Double ratio) {
    }

    /**
     * Outbound volume to one destination country (from the E.164 number with libphonenumber): ISO 3166 alpha-2,
     * {@code 001} for international networks (+870, +881, +882, +883, +979...), {@code ZZ} when unknown.
     *
     * @param price summed price in the window (Twilio reports charges as negative amounts)
     */
    public record CountryVolume(String country, long window, long baseline, BigDecimal price, boolean newInWindow) {
    }

    /** An account the audit covers. */
    public record AccountInfo(String sid, boolean main, String friendlyName, String status, Instant dateCreated) {
    }

    /** The responder's review. */
    public record Review(Instant at, String by) {
    }
}
