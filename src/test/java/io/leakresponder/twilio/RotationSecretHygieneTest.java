package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.leakresponder.twilio.Fixtures.KEY_SECRET;
import static io.leakresponder.twilio.Fixtures.TOKEN;
import static io.leakresponder.twilio.Fixtures.ac;
import static io.leakresponder.twilio.Fixtures.sk;
import static io.leakresponder.twilio.MockTwilio.json;
import static io.leakresponder.twilio.RotationFixtures.NEW_KEY_SECRET;
import static io.leakresponder.twilio.RotationFixtures.NEW_TOKEN;
import static io.leakresponder.twilio.RotationFixtures.SUB_TOKEN;
import static io.leakresponder.twilio.RotationMock.ACCOUNTS_LIST_PATH;
import static io.leakresponder.twilio.RotationMock.PROMOTE_PATH;
import static io.leakresponder.twilio.RotationMock.SECONDARY_PATH;
import static io.leakresponder.twilio.RotationMock.keyPath;
import static io.leakresponder.twilio.RotationMock.keysPath;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The new secrets Twilio hands out (secondary token, promoted token, key secret), the auth secret used and the
 * subaccount tokens in listings appear in no log line (this service and twilio-java at their most verbose) and in
 * no outcome's {@code toString()}, while the outcomes do carry them for the caller.
 */
class RotationSecretHygieneTest {

    // Capture as in SecretHygieneTest: Apache's header/wire loggers stay at INFO as in production.
    private static final Map<String, Level> LEVELS = Map.of(
            "io.leakresponder", Level.ALL, "com.twilio", Level.ALL, "org.apache.hc", Level.INFO);

    private final List<String> captured = new CopyOnWriteArrayList<>();
    private final List<Logger> roots = new ArrayList<>();
    private final Map<String, Level> previous = new HashMap<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            captured.add(render(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        handler.setLevel(Level.ALL);
        roots.add(Logger.getLogger(""));
        if (!(LogManager.getLogManager() instanceof org.jboss.logmanager.LogManager)) {
            roots.add(LogContext.getLogContext().getLogger(""));
        }
        roots.forEach(r -> r.addHandler(handler));
        LEVELS.forEach((name, level) -> {
            Logger logger = Logger.getLogger(name);
            previous.put(name, logger.getLevel());
            logger.setLevel(level);
        });
    }

    @AfterEach
    void restoreLogs() {
        roots.forEach(r -> r.removeHandler(handler));
        previous.forEach((name, level) -> Logger.getLogger(name).setLevel(level));
    }

    @Test
    void writesAndListingsLogNoSecretAndOutcomesPrintNone() {
        String ac = ac(0xb01);
        String mainSk = sk(0xb01);
        String newSk = sk(0xb02);
        String sub = ac(0xb03);
        String trapAc = ac(0xb04);
        List<RotationOutcome<?>> outcomes = new ArrayList<>();
        try (RotationMock mock = new RotationMock()) {
            mock.reset(); // anything not stubbed below: 401/20003
            // Each write and listing answers only the credential Twilio accepts for it.
            mock.server.stubFor(post(urlEqualTo(SECONDARY_PATH)).withBasicAuth(ac, TOKEN)
                    .willReturn(json(201, RotationFixtures.secondaryAuthToken(ac, NEW_TOKEN))));
            mock.server.stubFor(post(urlEqualTo(PROMOTE_PATH)).withBasicAuth(ac, TOKEN)
                    .willReturn(json(200, RotationFixtures.authTokenPromotion(ac, NEW_TOKEN))));
            mock.server.stubFor(delete(urlEqualTo(SECONDARY_PATH)).withBasicAuth(ac, TOKEN)
                    .willReturn(aResponse().withStatus(204)));
            mock.server.stubFor(post(urlEqualTo(keysPath(ac))).withBasicAuth(mainSk, KEY_SECRET)
                    .willReturn(json(201, RotationFixtures.newKey(newSk, "replacement", NEW_KEY_SECRET))));
            mock.server.stubFor(delete(urlEqualTo(keyPath(ac, newSk))).withBasicAuth(mainSk, KEY_SECRET)
                    .willReturn(aResponse().withStatus(204)));
            mock.server.stubFor(get(urlEqualTo(ACCOUNTS_LIST_PATH + "?PageSize=1000")).withBasicAuth(ac, TOKEN)
                    .willReturn(json(200, RotationFixtures.accountsPage(List.of(
                            RotationFixtures.account(ac, ac, "active", "Parent", "Thu, 30 Jul 2015 20:00:00 +0000", TOKEN),
                            RotationFixtures.account(sub, ac, "active", "Sub", "Sat, 28 Nov 2026 03:20:00 +0000", SUB_TOKEN))))));
            // Unreadable successes that quote the new secrets: parser messages would leak them if anything logged them.
            mock.server.stubFor(post(urlEqualTo(keysPath(trapAc))).withBasicAuth(trapAc, TOKEN)
                    .willReturn(json(201, "{\"secret\": \"" + NEW_KEY_SECRET + "\", " + NEW_KEY_SECRET)));
            mock.server.stubFor(post(urlEqualTo(PROMOTE_PATH)).withBasicAuth(trapAc, TOKEN).atPriority(1)
                    .willReturn(json(200, "[\"" + NEW_TOKEN + "\"")));

            try (RotationUnderTest rut = RotationUnderTest.create(mock.baseUrl())) {
                TwilioRotation rotation = rut.rotation();
                TwilioAuth byToken = TwilioAuth.authToken(ac, TOKEN);
                TwilioAuth byMainKey = TwilioAuth.apiKey(ac, mainSk, KEY_SECRET);
                outcomes.add(rotation.createSecondaryAuthToken(byToken));
                outcomes.add(rotation.promoteSecondaryAuthToken(byToken));
                outcomes.add(rotation.deleteSecondaryAuthToken(byToken));
                outcomes.add(rotation.createApiKey(byMainKey, "replacement"));
                outcomes.add(rotation.deleteApiKey(byMainKey, newSk));
                outcomes.add(rotation.listSubaccounts(byToken));
                outcomes.add(rotation.createApiKey(TwilioAuth.authToken(trapAc, TOKEN), "trap"));
                outcomes.add(rotation.promoteSecondaryAuthToken(TwilioAuth.authToken(trapAc, TOKEN)));
                outcomes.add(rotation.currentTokenAuthenticates(TwilioAuth.authToken(ac(0xb05), TOKEN)));
            }
        }

        assertThat(outcomes).extracting(RotationOutcome::status).containsExactly(
                RotationOutcome.Status.OK, RotationOutcome.Status.OK, RotationOutcome.Status.OK,
                RotationOutcome.Status.OK, RotationOutcome.Status.OK, RotationOutcome.Status.OK,
                RotationOutcome.Status.UNKNOWN_OUTCOME, RotationOutcome.Status.UNKNOWN_OUTCOME,
                RotationOutcome.Status.UNAUTHORIZED);
        // The outcomes do carry the secrets, so the checks below are not vacuous.
        assertThat(((TwilioRotation.NewSecondaryToken) outcomes.get(0).value()).token().reveal()).isEqualTo(NEW_TOKEN);
        assertThat(((TwilioRotation.PromotedToken) outcomes.get(1).value()).authToken().reveal()).isEqualTo(NEW_TOKEN);
        assertThat(((TwilioRotation.NewApiKey) outcomes.get(3).value()).secret().reveal()).isEqualTo(NEW_KEY_SECRET);
        assertThat(outcomes.get(0).toString()).contains("token=(redacted)");
        // The capture works: this service's and the SDK's debug lines are there.
        assertThat(captured).anyMatch(line -> line.contains("Twilio CREATE_API_KEY on " + ac + " with " + mainSk + ": OK"));
        assertThat(captured).anyMatch(line -> line.contains("Twilio LIST_SUBACCOUNTS on " + ac));
        assertThat(captured).anyMatch(line -> line.contains("BEGIN Twilio API Request"));

        List<String> forbidden = List.of(NEW_TOKEN, NEW_KEY_SECRET, TOKEN, KEY_SECRET, SUB_TOKEN,
                basic(ac, TOKEN), basic(mainSk, KEY_SECRET), basic(trapAc, TOKEN));
        for (String secret : forbidden) {
            assertThat(captured).noneMatch(line -> line.contains(secret));
            assertThat(outcomes).noneMatch(o -> o.toString().contains(secret));
        }
    }

    @Test
    void theAuthAndTheSecretWrapperPrintNoSecret() {
        TwilioAuth byToken = TwilioAuth.authToken(ac(0xb06), TOKEN);
        TwilioAuth byKey = TwilioAuth.apiKey(ac(0xb06), sk(0xb06), KEY_SECRET);

        assertThat(byToken.toString()).isEqualTo("TwilioAuth[accountSid=" + ac(0xb06) + ", keySid=null, region=us1, secret=(redacted)]");
        assertThat(byKey.toString()).doesNotContain(KEY_SECRET).contains(sk(0xb06));
        assertThat(TwilioSecret.of(NEW_TOKEN).toString()).isEqualTo("(redacted)");
        assertThat(new TwilioRotation.NewApiKey(sk(0xb07), "n", TwilioSecret.of(NEW_KEY_SECRET), null).toString())
                .doesNotContain(NEW_KEY_SECRET);
        assertThat(TwilioSecret.of(NEW_TOKEN).sameAs(TwilioSecret.of(NEW_TOKEN))).isTrue();
        assertThat(TwilioSecret.of(NEW_TOKEN).sameAs(TwilioSecret.of(NEW_KEY_SECRET))).isFalse();
    }

    @Test
    void malformedAuthIsRefusedWithoutEchoingTheValue() {
        // A secret passed where the SID belongs must not end up in the exception message.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TwilioAuth.authToken(TOKEN, TOKEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(TOKEN);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TwilioAuth.apiKey(ac(1), KEY_SECRET, KEY_SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(KEY_SECRET);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TwilioAuth.authToken(ac(1), " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String basic(String user, String pass) {
        return Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.US_ASCII));
    }

    /** Everything a log line could carry: formatted message, raw message, parameters and stack trace. */
    private static String render(LogRecord record) {
        StringBuilder out = new StringBuilder(record.getLoggerName()).append(' ');
        out.append(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : new SimpleFormatter().formatMessage(record));
        out.append(" | ").append(record.getMessage());
        if (record.getParameters() != null) {
            for (Object p : record.getParameters()) {
                out.append(" | ").append(p);
            }
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            out.append(" | ").append(trace);
        }
        return out.toString();
    }
}
