package io.leakresponder.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the usage audit ({@code leak-responder.usage.*}): baseline, retention, thresholds, pulls. */
@ConfigMapping(prefix = "leak-responder.usage")
public interface UsageConfig {

    /**
     * Longest baseline: the baseline is the period of the window's length just before it, cut to this. Thirty days
     * cover a monthly billing cycle without pulling months of history for a long exposure.
     */
    @WithDefault("30d")
    Duration baselineCap();

    /**
     * Whether the account has a paid Monitor edition (Administration, Security or Enterprise): Monitor Events then
     * go back 13 months instead of 30 days. Wrong here means a retention gap reported too early or too late.
     */
    @WithDefault("false")
    boolean paidEdition();

    /**
     * Destination number prefixes (E.164, with '+') that count as high risk: satellite and international
     * networks often used for toll fraud, and the countries Twilio lists as high risk for SMS pumping.
     */
    @WithDefault("+881,+882,+883,+870,+979,+880,+234,+92,+970,+94,+994,+992,+968,+216,+213,+972")
    List<String> highRiskPrefixes();

    /**
     * Source IP ranges (CIDR, IPv4 or IPv6) the organisation's own people and systems use. Monitor Events from
     * other addresses are signalled. Empty: every address is unknown, reported at low severity only.
     */
    Optional<List<String>> knownCidrs();

    /** Window spend per day over baseline spend per day at which spend is suspicious. */
    @WithDefault("2.0")
    double spendThresholdRatio();

    /** Smallest increase of daily spend (in the account's currency) worth a signal, so cents do not raise alarms. */
    @WithDefault("1.00")
    BigDecimal spendMinimumIncrease();

    /** Outbound messages or calls to one new country at which the signal becomes HIGH. */
    @WithDefault("50")
    int newCountryHighVolume();

    /** Error alerts of one code within one hour that make a spike (together with {@link #alertSpikeRatio()}). */
    @WithDefault("20")
    int alertSpikeMinimum();

    /** How many times the code's average hourly count the spike hour must reach. */
    @WithDefault("5.0")
    double alertSpikeRatio();

    /** Rows written per transaction; Twilio's page size (1000) is the natural unit. */
    @WithDefault("1000")
    int batchSize();

    /** Row SIDs a signal lists as examples; the CSV filter of the signal leads to all of them. */
    @WithDefault("20")
    int sampleSids();

    /** Monitor event types by kind of change: what counts as a credential or configuration change. */
    ChangeEvents changeEvents();

    /** What a pull does when Twilio answers 429 or fails. */
    Pull pull();

    /**
     * Monitor event types of credential and configuration changes. Twilio's full list of event types could not be
     * verified; these are the documented {@code resource.action} names, matched case-insensitively.
     */
    interface ChangeEvents {

        /** API keys created. */
        @WithDefault("api-key.created,key.created,signing-key.created")
        List<String> apiKeyCreated();

        /** Subaccounts created. */
        @WithDefault("account.created,subaccount.created")
        List<String> subaccountCreated();

        /** Phone numbers changed; flagged as webhook changes when the changed fields name a URL. */
        @WithDefault("phone-number.updated,incoming-phone-number.updated")
        List<String> phoneNumberUpdated();

        /** Account settings, credentials and users changed. */
        @WithDefault("account.updated,auth-token.created,auth-token.updated,auth-token.promoted,"
                + "auth-token.deleted,secondary-auth-token.created,user.created,user.updated,"
                + "account-security.updated,messaging-geo-permissions.updated,voice-geo-permissions.updated")
        List<String> accountSettingsChanged();
    }

    /** Pull behaviour under rate limits and failures. */
    interface Pull {

        /** 429 answers one run retries in place (with jittered back-off) before it reschedules itself. */
        @WithDefault("3")
        int rateLimitRetries();

        /** First in-place wait after a 429; doubles with each further one. */
        @WithDefault("1s")
        Duration rateLimitInitialBackoff();

        /**
         * 5xx answers, network failures and reads the shared circuit breaker or concurrency limit refused, which one
         * run retries in place (same back-off) before the job is retried.
         */
        @WithDefault("2")
        int transientRetries();

        /** First delay of a pull rescheduled after a 429 storm; doubles with each further reschedule. */
        @WithDefault("30s")
        Duration rescheduleInitialBackoff();

        /** Longest delay between reschedules. */
        @WithDefault("15m")
        Duration rescheduleMaxBackoff();

        /**
         * Reschedules in a row without a single page read, after which the pull is given up as FAILED. With the
         * defaults, about a day of continuous 429 answers.
         */
        @WithDefault("100")
        int maxReschedules();

        /** Attempts of a pull job that fails for other reasons (5xx, network, crash); each resumes at its cursor. */
        @WithDefault("6")
        int maxAttempts();

        /** Wait after the first failed attempt; doubles after each further one. */
        @WithDefault("30s")
        Duration retryInitialBackoff();

        /** Longest wait between failed attempts. */
        @WithDefault("15m")
        Duration retryMaxBackoff();

        /** Pages one pull reads at most (100 million rows at 1000 a page); past it Twilio's paging is taken to loop. */
        @WithDefault("100000")
        int maxPages();
    }
}
