package io.leakresponder.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and tuning of report ingestion. */
@ConfigMapping(prefix = "leak-responder.ingest")
interface IngestConfig {

    /** Largest report body accepted, in bytes (LEAK_RESPONDER_INGEST_MAX_BODY_SIZE). */
    @WithDefault("268435456")
    long maxBodySize();

    /** Findings of one report in the same file and commit at most this many lines apart are paired. */
    @WithDefault("5")
    int pairingLineDistance();

    /** Most Twilio findings kept from one report, so a pathological report cannot exhaust the heap. */
    @WithDefault("200000")
    int maxTwilioFindings();

    /**
     * Most pairing candidates (secrets under a generic rule, with nothing that says Twilio) kept from one report
     * until pairing decides about them; beyond it they are ignored, with a warning.
     */
    @WithDefault("10000")
    int maxPairingCandidates();

    /**
     * Reports received at the same time (LEAK_RESPONDER_INGEST_MAX_CONCURRENT); one more is refused with 503 and a
     * Retry-After hint. Each holds a parser thread and up to about 6 MiB of its body in memory while it is read.
     */
    @WithDefault("8")
    int maxConcurrent();

    /**
     * How long a report's body may stall (no bytes arriving) before the post is failed
     * (LEAK_RESPONDER_INGEST_READ_TIMEOUT), so a sender that goes quiet does not hold a parser thread for good.
     */
    @WithDefault("60s")
    java.time.Duration readTimeout();

    /** Largest GitHub webhook body accepted, in bytes; GitHub caps its payloads at 25 MB. */
    @WithDefault("26214400")
    long maxWebhookBodySize();
}
