package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static org.assertj.core.api.Assertions.assertThat;

class TwilioShapesTest {

    @Test
    void recognisesSidsByPrefixAndHex() {
        assertThat(TwilioShapes.isAccountSid(ACCOUNT_SID)).isTrue();
        assertThat(TwilioShapes.isKeySid(KEY_SID)).isTrue();
        assertThat(TwilioShapes.isAccountSid(KEY_SID)).isFalse();
        assertThat(TwilioShapes.isAccountSid("AC" + "g".repeat(32))).isFalse();
        assertThat(TwilioShapes.isAccountSid(ACCOUNT_SID + "0")).isFalse();
        assertThat(TwilioShapes.isKeySid(null)).isFalse();
    }

    @Test
    void secretShapes() {
        assertThat(TwilioShapes.isAuthTokenShape(AUTH_TOKEN)).isTrue();
        assertThat(TwilioShapes.isAuthTokenShape(KEY_SECRET)).isFalse();
        assertThat(TwilioShapes.isSecretShape(KEY_SECRET)).isTrue();
        assertThat(TwilioShapes.isSecretShape(AUTH_TOKEN)).isTrue();
        assertThat(TwilioShapes.isSecretShape(KEY_SECRET.substring(1))).isFalse();
    }

    @Test
    void kindDependsOnTheNeighbourThenOnTheShape() {
        assertThat(TwilioShapes.kindOf(AUTH_TOKEN, false, true)).isEqualTo(SecretKind.API_KEY_SECRET);
        assertThat(TwilioShapes.kindOf(AUTH_TOKEN, true, false)).isEqualTo(SecretKind.AUTH_TOKEN);
        assertThat(TwilioShapes.kindOf(AUTH_TOKEN.toUpperCase(), true, false)).isEqualTo(SecretKind.AUTH_TOKEN);
        assertThat(TwilioShapes.kindOf(KEY_SECRET, true, false)).isEqualTo(SecretKind.API_KEY_SECRET);
        // alone: lowercase hex reads as a token, anything else as an API key secret
        assertThat(TwilioShapes.kindOf(AUTH_TOKEN, false, false)).isEqualTo(SecretKind.AUTH_TOKEN);
        assertThat(TwilioShapes.kindOf(AUTH_TOKEN.toUpperCase(), false, false)).isEqualTo(SecretKind.API_KEY_SECRET);
        assertThat(TwilioShapes.kindOf(KEY_SECRET, false, false)).isEqualTo(SecretKind.API_KEY_SECRET);
    }

    @Test
    void pairingCompatibility() {
        assertThat(TwilioShapes.canPair(ACCOUNT_SID, AUTH_TOKEN)).isTrue();
        assertThat(TwilioShapes.canPair(ACCOUNT_SID, KEY_SECRET)).isFalse();
        assertThat(TwilioShapes.canPair(KEY_SID, KEY_SECRET)).isTrue();
        assertThat(TwilioShapes.canPair(KEY_SID, AUTH_TOKEN)).isTrue();
        assertThat(TwilioShapes.canPair(KEY_SID, "short")).isFalse();
    }

    @Test
    void parsesTruffleHogRawV2Concatenation() {
        TwilioShapes.Parts token = TwilioShapes.parseValue(ACCOUNT_SID + AUTH_TOKEN);
        assertThat(token.accountSids()).containsExactly(ACCOUNT_SID);
        assertThat(token.secrets()).containsExactly(AUTH_TOKEN);

        TwilioShapes.Parts key = TwilioShapes.parseValue(KEY_SID + KEY_SECRET);
        assertThat(key.keySids()).containsExactly(KEY_SID);
        assertThat(key.secrets()).containsExactly(KEY_SECRET);
    }

    @Test
    void parsesColonPairsAndBasicAuthUrls() {
        TwilioShapes.Parts colon = TwilioShapes.parseValue(ACCOUNT_SID + ":" + AUTH_TOKEN);
        assertThat(colon.accountSids()).containsExactly(ACCOUNT_SID);
        assertThat(colon.secrets()).containsExactly(AUTH_TOKEN);

        TwilioShapes.Parts url = TwilioShapes.parseValue(
                "https://" + KEY_SID + ":" + KEY_SECRET + "@api.twilio.com/2010-04-01/Accounts.json");
        assertThat(url.keySids()).containsExactly(KEY_SID);
        assertThat(url.secrets()).containsExactly(KEY_SECRET);
    }

    @Test
    void aLoginThatIsNotASidIsNotTwilio() {
        assertThat(TwilioShapes.parseValue("https://deploy:" + KEY_SECRET + "@example.com/").isEmpty()).isTrue();
        assertThat(TwilioShapes.parseValue("user:" + AUTH_TOKEN).isEmpty()).isTrue();
    }

    @Test
    void singleValuesAndQuotes() {
        assertThat(TwilioShapes.parseValue(" \"" + KEY_SID + "\" ").keySids()).containsExactly(KEY_SID);
        assertThat(TwilioShapes.parseValue(KEY_SECRET).secrets()).containsExactly(KEY_SECRET);
        assertThat(TwilioShapes.parseValue("REDACTED").isEmpty()).isTrue();
        assertThat(TwilioShapes.parseValue("AbCdE...").isEmpty()).isTrue();
        assertThat(TwilioShapes.parseValue(null).isEmpty()).isTrue();
    }

    @Test
    void findsSidsInFreeTextButNoSecrets() {
        TwilioShapes.Parts parts = TwilioShapes.findSids(
                "client = Client('" + ACCOUNT_SID + "', '" + AUTH_TOKEN + "') # key " + KEY_SID + KEY_SECRET);
        assertThat(parts.accountSids()).containsExactly(ACCOUNT_SID);
        assertThat(parts.keySids()).containsExactly(KEY_SID);
        assertThat(parts.secrets()).isEmpty();
    }

    @Test
    void scanTextOffersCandidatesButNotShasOrUuids() {
        TwilioShapes.Parts parts = TwilioShapes.scanText(
                "sha 9f3c2a1b4d5e6f708192a3b4c5d6e7f809112233 uuid 123e4567-e89b-12d3-a456-426614174000 token "
                        + AUTH_TOKEN);
        assertThat(parts.secrets()).containsExactly(AUTH_TOKEN);
        assertThat(parts.hasSid()).isFalse();
    }

    @Test
    void twilioContextKeywords() {
        assertThat(TwilioShapes.hasTwilioContext("TWILIO_AUTH_TOKEN=")).isTrue();
        assertThat(TwilioShapes.hasTwilioContext("auth_token: x")).isTrue();
        assertThat(TwilioShapes.hasTwilioContext("authToken: x")).isTrue();
        assertThat(TwilioShapes.hasTwilioContext("api_key_secret = x")).isTrue();
        assertThat(TwilioShapes.hasTwilioContext("cache_key = x")).isFalse();
    }

    @Test
    void placeholdersDoNotLookRandom() {
        assertThat(TwilioShapes.looksRandom(AUTH_TOKEN)).isTrue();
        assertThat(TwilioShapes.looksRandom(KEY_SECRET)).isTrue();
        assertThat(TwilioShapes.looksRandom("x".repeat(32))).isFalse();
        assertThat(TwilioShapes.looksRandom("0".repeat(32))).isFalse();
        assertThat(TwilioShapes.looksRandom("YourAuthTokenGoesHereXxxxxxxxxxx")).isFalse();
    }

    @Test
    void candidateRunIsAMaximalRunOf32Or34Or66LettersAndDigits() {
        assertThat(TwilioShapes.hasCandidateRun(AUTH_TOKEN)).isTrue();
        assertThat(TwilioShapes.hasCandidateRun("x=" + ACCOUNT_SID + ";")).isTrue();
        assertThat(TwilioShapes.hasCandidateRun(ACCOUNT_SID + AUTH_TOKEN)).isTrue();
        assertThat(TwilioShapes.hasCandidateRun(AUTH_TOKEN + "0")).isFalse();
        assertThat(TwilioShapes.hasCandidateRun("9f3c2a1b4d5e6f708192a3b4c5d6e7f809112233")).isFalse();
        assertThat(TwilioShapes.hasCandidateRun("")).isFalse();
        java.util.Random random = new java.util.Random(11);
        java.util.regex.Pattern run = java.util.regex.Pattern.compile("[0-9A-Za-z]+");
        String alphabet = "aZ09-_ é:/";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int parts = random.nextInt(6);
            for (int p = 0; p < parts; p++) {
                int length = random.nextInt(5) == 0
                        ? random.nextInt(80)
                        : new int[]{31, 32, 33, 34, 35, 65, 66, 67}[random.nextInt(8)];
                text.append("a1".repeat(length).substring(0, length));
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                if (random.nextBoolean()) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            java.util.regex.Matcher m = run.matcher(text);
            boolean expected = false;
            while (m.find()) {
                int length = m.end() - m.start();
                expected |= length == 32 || length == 34 || length == 66;
            }
            assertThat(TwilioShapes.hasCandidateRun(text.toString())).as(text.toString()).isEqualTo(expected);
        }
    }
}
