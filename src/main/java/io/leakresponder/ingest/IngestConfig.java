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

    /** Largest GitHub webhook body accepted, in bytes; GitHub caps its payloads at 25 MB. */
    @WithDefault("26214400")
    long maxWebhookBodySize();
}
