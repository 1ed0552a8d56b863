package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;

import java.time.Instant;

import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.FindingBuilder.finding;

/**
 * The API key that the gitleaks fixtures (JSON, CSV and SARIF) report: its SID on line 12 of acme/billing's
 * config/twilio.yml and its secret on line 13, both in one commit by Jane.
 */
final class BillingLeak {

    static final String COMMIT = "9f3c2a1b4d5e6f708192a3b4c5d6e7f809112233";
    static final String REPOSITORY = "https://github.com/acme/billing";
    static final String FILE = "config/twilio.yml";
    static final String AUTHOR = "Jane Dev <jane@example.com>";
    static final Instant DATE = Instant.parse("2024-03-05T09:15:00Z");
    private static final String BLOB = REPOSITORY + "/blob/" + COMMIT + "/" + FILE;

    private BillingLeak() {
    }

    /** The key SID as gitleaks reports it, in JSON and in CSV alike. */
    static ScannerFinding gitleaksKeySid(int reportLine) {
        return finding(reportLine, "gitleaks", "twilio-api-key").keySid(KEY_SID).repository(REPOSITORY)
                .at(FILE, 12).commit(COMMIT, AUTHOR, DATE).link(BLOB + "#L12-L12").build();
    }

    /**
     * The secret as gitleaks reports it under its generic rule: a lone non-hex value on a line that names twilio is
     * an API key secret.
     */
    static ScannerFinding gitleaksKeySecret(int reportLine) {
        return finding(reportLine, "gitleaks", "generic-api-key").secret(KEY_SECRET, SecretKind.API_KEY_SECRET)
                .repository(REPOSITORY).at(FILE, 13).commit(COMMIT, AUTHOR, DATE).link(BLOB + "#L13-L13").build();
    }
}
