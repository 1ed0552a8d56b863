package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID_2;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN_2;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.FindingBuilder.finding;
import static io.leakresponder.ingest.parse.Halves.secret;
import static io.leakresponder.ingest.parse.Halves.sid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportPairingTest {

    private static final String COMMIT = "9f3c2a1b4d5e6f708192a3b4c5d6e7f809112233";

    @Test
    void accountSidTakesANearbyAuthToken() {
        ScannerFinding sid = sid(1, "a.env", COMMIT, 10, ACCOUNT_SID, null);
        ScannerFinding token = secret(2, "a.env", COMMIT, 11, AUTH_TOKEN, SecretKind.AUTH_TOKEN);

        assertThat(ReportPairing.pair(List.of(sid, token))).containsExactly(
                sid.withCredential(ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN),
                token.withCredential(ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN));
    }

    @Test
    void keySidTurnsAHexSecretIntoAnApiKeySecret() {
        ScannerFinding sid = sid(1, "a.env", COMMIT, 4, null, KEY_SID);
        ScannerFinding hex = secret(2, "a.env", COMMIT, 5, AUTH_TOKEN, SecretKind.AUTH_TOKEN);

        assertThat(ReportPairing.pair(List.of(sid, hex))).hasSize(2).element(1).satisfies(f -> {
            assertThat(f.keySid()).isEqualTo(KEY_SID);
            assertThat(f.accountSid()).isNull();
            assertThat(f.secret()).isEqualTo(AUTH_TOKEN);
            assertThat(f.secretKind()).isEqualTo(SecretKind.API_KEY_SECRET);
            assertThat(f.reportLine()).isEqualTo(2);
            assertThat(f.line()).isEqualTo(5);
        });
    }

    @Test
    void accountSidRefusesANonHexSecret() {
        List<ScannerFinding> in = List.of(sid(1, "a.env", COMMIT, 1, ACCOUNT_SID, null),
                secret(2, "a.env", COMMIT, 2, KEY_SECRET, SecretKind.API_KEY_SECRET));
        assertThat(ReportPairing.pair(in)).isEqualTo(in);
    }

    @Test
    void differentFileCommitUnknownFileOrTooFarStayApart() {
        ScannerFinding token = secret(9, "a.env", COMMIT, 20, AUTH_TOKEN, SecretKind.AUTH_TOKEN);
        List<ScannerFinding> in = List.of(
                sid(1, "b.env", COMMIT, 20, ACCOUNT_SID, null),
                sid(2, "a.env", "0000000000000000000000000000000000000000", 20, ACCOUNT_SID, null),
                sid(3, "a.env", COMMIT, 26, ACCOUNT_SID, null),
                sid(4, "a.env", null, 20, ACCOUNT_SID, null),
                token,
                secret(10, null, COMMIT, 20, AUTH_TOKEN_2, SecretKind.AUTH_TOKEN),
                sid(11, null, COMMIT, 20, ACCOUNT_SID_2, null));
        assertThat(ReportPairing.pair(in)).isEqualTo(in);
        // the limit is a parameter
        assertThat(ReportPairing.pair(in, 6)).contains(
                token.withCredential(ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN));
    }

    @Test
    void directoryScansWithoutCommitsStillPair() {
        ScannerFinding sid = sid(1, "a.env", null, 1, ACCOUNT_SID, null);
        ScannerFinding token = secret(2, "a.env", null, 2, AUTH_TOKEN, SecretKind.AUTH_TOKEN);
        assertThat(ReportPairing.pair(List.of(sid, token))).hasSize(2)
                .allSatisfy(f -> assertThat(f.accountSid()).isEqualTo(ACCOUNT_SID))
                .allSatisfy(f -> assertThat(f.secret()).isEqualTo(AUTH_TOKEN));
    }

    @Test
    void nearestLineWinsAndTheOtherSidIsKept() {
        ScannerFinding far = sid(1, "a.env", COMMIT, 6, ACCOUNT_SID, null);
        ScannerFinding token = secret(2, "a.env", COMMIT, 10, AUTH_TOKEN, SecretKind.AUTH_TOKEN);
        ScannerFinding near = sid(3, "a.env", COMMIT, 11, ACCOUNT_SID_2, null);

        assertThat(ReportPairing.pair(List.of(far, token, near))).containsExactly(
                far, token.withCredential(ACCOUNT_SID_2, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN),
                near.withCredential(ACCOUNT_SID_2, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN));
    }

    @Test
    void aSidPairsOnceWithTheNearestSecret() {
        ScannerFinding sid = sid(1, "a.env", COMMIT, 10, ACCOUNT_SID, null);
        ScannerFinding farToken = secret(2, "a.env", COMMIT, 13, AUTH_TOKEN, SecretKind.AUTH_TOKEN);
        ScannerFinding nearToken = secret(3, "a.env", COMMIT, 9, AUTH_TOKEN_2, SecretKind.AUTH_TOKEN);

        assertThat(ReportPairing.pair(List.of(sid, farToken, nearToken))).containsExactly(
                sid.withCredential(ACCOUNT_SID, null, AUTH_TOKEN_2, SecretKind.AUTH_TOKEN), farToken,
                nearToken.withCredential(ACCOUNT_SID, null, AUTH_TOKEN_2, SecretKind.AUTH_TOKEN));
    }

    @Test
    void tiesGoToTheEarlierFindingWhateverTheOrderOfCalls() {
        ScannerFinding above = sid(1, "a.env", COMMIT, 9, ACCOUNT_SID, null);
        ScannerFinding token = secret(2, "a.env", COMMIT, 10, AUTH_TOKEN, SecretKind.AUTH_TOKEN);
        ScannerFinding below = sid(3, "a.env", COMMIT, 11, ACCOUNT_SID_2, null);

        List<ScannerFinding> once = ReportPairing.pair(List.of(above, token, below));
        assertThat(once).containsExactly(above.withCredential(ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN),
                token.withCredential(ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN), below);
        assertThat(ReportPairing.pair(List.of(above, token, below))).isEqualTo(once);
    }

    @Test
    void completeAndHashOnlyFindingsPassThrough() {
        ScannerFinding complete = secret(1, "a.env", COMMIT, 3, AUTH_TOKEN, SecretKind.AUTH_TOKEN)
                .withCredential(ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN);
        ScannerFinding hashOnly = finding(2, "detect-secrets", "Twilio API Key")
                .secretSha1("634409a3ddb72eb8b4e51a319ea8ce97bc898004").at("a.env", 4).build();
        ScannerFinding keySid = sid(3, "a.env", COMMIT, 5, null, KEY_SID);

        assertThat(ReportPairing.pair(List.of(complete, hashOnly, keySid))).containsExactly(complete, hashOnly, keySid);
    }

    @Test
    void negativeDistanceIsRefused() {
        assertThatThrownBy(() -> ReportPairing.pair(List.of(), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void candidatesTakeOnlyTheSidsTheTwilioSecretsLeft() {
        // Two Account SIDs: the first pairs with the Twilio token, the second only has a candidate near it. The
        // candidate right next to the first SID cannot take it; the other one pairs with the second SID.
        ScannerFinding first = sid(1, "a.env", COMMIT, 10, ACCOUNT_SID, null);
        ScannerFinding token = secret(2, "a.env", COMMIT, 13, AUTH_TOKEN, SecretKind.AUTH_TOKEN);
        ScannerFinding unrelated = secret(3, "b.env", COMMIT, 1, KEY_SECRET, SecretKind.API_KEY_SECRET);
        ScannerFinding second = sid(4, "a.env", COMMIT, 40, ACCOUNT_SID_2, null);
        ScannerFinding nextToFirst = secret(5, "a.env", COMMIT, 11, AUTH_TOKEN_2, SecretKind.AUTH_TOKEN);
        ScannerFinding nearSecond = secret(6, "a.env", COMMIT, 42, AUTH_TOKEN_2, SecretKind.AUTH_TOKEN);

        ReportPairing.Paired paired = ReportPairing.pair(List.of(first, token, unrelated, second),
                List.of(nextToFirst, nearSecond), ReportPairing.DEFAULT_MAX_LINES);

        assertThat(paired.candidatesLeft()).isEqualTo(1);
        assertThat(paired.findings()).containsExactly(
                first.withCredential(ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN),
                token.withCredential(ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN),
                unrelated,
                second.withCredential(ACCOUNT_SID_2, null, AUTH_TOKEN_2, SecretKind.AUTH_TOKEN),
                nearSecond.withCredential(ACCOUNT_SID_2, null, AUTH_TOKEN_2, SecretKind.AUTH_TOKEN));
        // Without SIDs left, every candidate is left.
        assertThat(ReportPairing.pair(List.of(unrelated), List.of(nearSecond), 5))
                .isEqualTo(new ReportPairing.Paired(List.of(unrelated), 1));
    }
}
