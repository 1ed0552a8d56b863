package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;

import java.util.List;
import java.util.function.Consumer;

import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.FindingBuilder.finding;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gitleaks findings that each carry one half of a credential, for the pairing tests: the rule is named after the
 * report line, and only the place and the half are set.
 */
final class Halves {

    private Halves() {
    }

    /** A finding with an Account SID or an API key SID and no secret. */
    static ScannerFinding sid(int reportLine, String file, String commit, Integer line, String accountSid,
            String keySid) {
        return at(reportLine, file, commit, line).accountSid(accountSid).keySid(keySid).build();
    }

    /** A finding with a secret and no SID. */
    static ScannerFinding secret(int reportLine, String file, String commit, Integer line, String secret,
            SecretKind kind) {
        return at(reportLine, file, commit, line).secret(secret, kind).build();
    }

    /**
     * Asserts that a report's two findings, the fake API key's SID and its secret, pair: both carry the secret after
     * pairing, and the one that also carries {@link Fake#KEY_SID} with {@link Fake#KEY_SECRET} passes {@code more}.
     */
    static void assertTheKeyPairs(List<ScannerFinding> findings, Consumer<ScannerFinding> more) {
        assertThat(ReportPairing.pair(findings)).hasSize(2).allSatisfy(f -> assertThat(f.secret()).isNotNull())
                .anySatisfy(f -> {
                    assertThat(f.keySid()).isEqualTo(KEY_SID);
                    assertThat(f.secret()).isEqualTo(KEY_SECRET);
                    more.accept(f);
                });
    }

    private static FindingBuilder at(int reportLine, String file, String commit, Integer line) {
        return finding(reportLine, "gitleaks", "r" + reportLine).at(file, line).commit(commit, null, null);
    }
}
