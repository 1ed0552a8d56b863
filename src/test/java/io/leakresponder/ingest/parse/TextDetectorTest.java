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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class TextDetectorTest {

    private final TextDetector detector = new TextDetector();

    @Test
    void envFilePairsEachSidWithEachCompatibleNearbySecret() {
        RecordingSink sink = Reports.parse(ReportFormat.TEXT, "text/env.txt");

        assertThat(sink.findings).containsExactly(
                finding(3, ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN),
                // an SK accepts any 32-character secret, as TruffleHog's API key detector does
                finding(3, null, KEY_SID, AUTH_TOKEN, SecretKind.API_KEY_SECRET),
                // an AC never takes a non-hex secret
                finding(5, null, KEY_SID, KEY_SECRET, SecretKind.API_KEY_SECRET));
        assertThat(sink.ignored).isZero();
        assertThat(sink.warnings).isEmpty();
    }

    @Test
    void quietOnShasHashesUuidsAndRandomStringsWithoutContext() {
        RecordingSink sink = Reports.parse(ReportFormat.TEXT, "text/quiet.txt");

        assertThat(sink.findings).isEmpty();
    }

    @Test
    void quietOnNonSecretShapesEvenWithTwilioContext() {
        assertThat(detector.detect("""
                # twilio settings, deployed from commit 9f3c2a1b4d5e6f708192a3b4c5d6e7f809112233
                twilio_request_id = 123e4567-e89b-12d3-a456-426614174000
                TWILIO_AUTH_TOKEN=your_auth_token_here
                TWILIO_AUTH_TOKEN=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
                TWILIO_AUTH_TOKEN=00000000000000000000000000000000
                """)).isEmpty();
    }

    @Test
    void sidsAreReportedAnywhere() {
        List<ScannerFinding> found = detector.detect("billing goes to account " + ACCOUNT_SID + " (prod)");

        assertThat(found).containsExactly(finding(1, ACCOUNT_SID, null, null, null));
    }

    @Test
    void aSecretNeedsAKeywordOrASidNearby() {
        String text = """
                # Twilio
                sms:
                  from: "+15005550006"
                  token: 0123456789abcdef0123456789abcdef
                other:
                  a: 1
                  b: 2
                  c: 3
                  digest: fedcba9876543210fedcba9876543210
                """;
        // line 4 has the keyword three lines up; line 9 has nothing within three lines
        assertThat(detector.detect(text)).containsExactly(finding(4, null, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN));
        assertThat(new TextDetector(2).detect(text)).isEmpty();
    }

    @Test
    void aNearbySidIsContextEnough() {
        List<ScannerFinding> found = detector.detect("sid " + ACCOUNT_SID + "\n\nsecret " + AUTH_TOKEN + "\n");

        assertThat(found).containsExactly(finding(3, ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN));
    }

    @Test
    void unpairedSecretNextToAnAccountSidIsAnApiKeySecret() {
        List<ScannerFinding> found = detector.detect(ACCOUNT_SID + "\n" + KEY_SECRET + "\n");

        assertThat(found).containsExactly(
                finding(1, ACCOUNT_SID, null, null, null),
                finding(2, null, null, KEY_SECRET, SecretKind.API_KEY_SECRET));
    }

    @Test
    void concatenationsColonPairsAndBasicAuthUrlsPairOnTheirLine() {
        List<ScannerFinding> found = detector.detect(String.join("\n",
                "raw: " + ACCOUNT_SID + AUTH_TOKEN,
                "", "", "", "",
                "curl -u " + KEY_SID + ":" + KEY_SECRET + " https://api.twilio.com/",
                "", "", "", "",
                "https://" + ACCOUNT_SID_2 + ":" + AUTH_TOKEN_2 + "@api.twilio.com/2010-04-01/Accounts.json"));

        assertThat(found).containsExactly(
                finding(1, ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN),
                finding(6, null, KEY_SID, KEY_SECRET, SecretKind.API_KEY_SECRET),
                finding(11, ACCOUNT_SID_2, null, AUTH_TOKEN_2, SecretKind.AUTH_TOKEN));
    }

    @Test
    void everySidWithEverySecretLikeTruffleHog() {
        List<ScannerFinding> found = detector.detect(String.join("\n",
                "TWILIO_SID_A=" + ACCOUNT_SID, "TWILIO_SID_B=" + ACCOUNT_SID_2,
                "TWILIO_TOKEN_A=" + AUTH_TOKEN, "TWILIO_TOKEN_B=" + AUTH_TOKEN_2));

        assertThat(found).extracting(ScannerFinding::reportLine, ScannerFinding::accountSid, ScannerFinding::secret)
                .containsExactly(
                        tuple(3, ACCOUNT_SID_2, AUTH_TOKEN), tuple(3, ACCOUNT_SID, AUTH_TOKEN),
                        tuple(4, ACCOUNT_SID_2, AUTH_TOKEN_2), tuple(4, ACCOUNT_SID, AUTH_TOKEN_2));
    }

    @Test
    void windowZeroMeansSameLineOnly() {
        TextDetector sameLine = new TextDetector(0);
        assertThat(sameLine.window()).isZero();

        assertThat(sameLine.detect(ACCOUNT_SID + "\n" + AUTH_TOKEN))
                .containsExactly(finding(1, ACCOUNT_SID, null, null, null));
    }

    @Test
    void windowsLineEndingsAndByteOrderMark() {
        byte[] text = ("\uFEFFTWILIO_ACCOUNT_SID=" + ACCOUNT_SID + "\r\nTWILIO_AUTH_TOKEN=" + AUTH_TOKEN + "\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        RecordingSink sink = Reports.parse(ReportFormat.TEXT, new java.io.ByteArrayInputStream(text));
        assertThat(sink.findings).containsExactly(finding(2, ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN));
    }

    private static ScannerFinding finding(int line, String accountSid, String keySid, String secret, SecretKind kind) {
        return new ScannerFinding(line, "text", "builtin/twilio", accountSid, keySid, secret, kind, null, null, null,
                line, null, null, null, null, null, null);
    }
}
