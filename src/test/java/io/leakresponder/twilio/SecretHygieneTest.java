package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.leakresponder.twilio.Fixtures.KEY_SECRET;
import static io.leakresponder.twilio.Fixtures.TOKEN;
import static io.leakresponder.twilio.Fixtures.ac;
import static io.leakresponder.twilio.Fixtures.sk;
import static io.leakresponder.twilio.MockTwilio.accountPath;
import static io.leakresponder.twilio.MockTwilio.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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
 * The secret never leaks twice: with this service's and twilio-java's logging at the most verbose level, full
 * checks (whose responses contain the auth token, as Twilio's do) log neither secrets nor Authorization values,
 * and no result prints one.
 */
class SecretHygieneTest {

    // Loggers opened to everything for the test; Apache's header/wire loggers stay at INFO as in production.
    private static final List<String> VERBOSE = List.of("io.leakresponder", "com.twilio", "org.apache.hc");
    private static final Map<String, Level> LEVELS = Map.of(
            "io.leakresponder", Level.ALL, "com.twilio", Level.ALL, "org.apache.hc", Level.INFO);

    private final List<String> captured = new CopyOnWriteArrayList<>();
    private final List<Logger> roots = new ArrayList<>();
    private final Map<String, Level> previous = new java.util.HashMap<>();
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
            // Run outside surefire's setting: slf4j still reaches JBoss LogManager directly.
            roots.add(LogContext.getLogContext().getLogger(""));
        }
        roots.forEach(r -> r.addHandler(handler));
        for (String name : VERBOSE) {
            Logger logger = Logger.getLogger(name);
            previous.put(name, logger.getLevel());
            logger.setLevel(LEVELS.get(name));
        }
    }

    @AfterEach
    void restoreLogs() {
        roots.forEach(r -> r.removeHandler(handler));
        previous.forEach((name, level) -> Logger.getLogger(name).setLevel(level));
    }

    @Test
    void fullChecksLogNoSecretAndResultsPrintNone() {
        String ac = ac(0x601);
        String sk = sk(0x601);
        List<LivenessResult> results = new ArrayList<>();
        try (MockTwilio mock = new MockTwilio()) {
            mock.rejectUnknownCredentials();
            mock.account(ac, ac, TOKEN, ac, "active", "Full");          // body holds "auth_token": TOKEN
            mock.messages(ac, sk, KEY_SECRET);
            mock.account(ac, sk, KEY_SECRET, ac, "active", "Full");
            String trap = ac(0x602); // a 200 whose unparseable body quotes the token: parser messages would leak it
            mock.server.stubFor(get(urlEqualTo(accountPath(trap))).withBasicAuth(trap, TOKEN)
                    .willReturn(json(200, TOKEN + " " + KEY_SECRET)));
            try (FacadeUnderTest fut = FacadeUnderTest.create(mock.baseUrl(), b -> b.maxAttempts(2))) {
                results.add(fut.facade().checkAuthToken(ac, TOKEN));
                results.add(fut.facade().checkApiKey(ac, sk, KEY_SECRET));
                results.add(fut.facade().checkAuthToken(ac(0x603), TOKEN));
                results.add(fut.facade().checkApiKey(null, sk, KEY_SECRET));
                results.add(fut.facade().checkAuthToken(trap, TOKEN));
            }
        }

        assertThat(results).extracting(LivenessResult::verdict).containsExactly(
                Verdict.LIVE, Verdict.LIVE, Verdict.NOT_LIVE, Verdict.NOT_LIVE, Verdict.INDETERMINATE);
        // The capture works: the facade's and the SDK's debug lines are there.
        assertThat(captured).anyMatch(line -> line.contains("Twilio auth token check for " + ac + ": LIVE"));
        assertThat(captured).anyMatch(line -> line.contains("BEGIN Twilio API Request"));

        List<String> forbidden = List.of(TOKEN, KEY_SECRET, basic(ac, TOKEN), basic(sk, KEY_SECRET),
                basic(ac(0x603), TOKEN), basic(ac(0x602), TOKEN));
        for (String secret : forbidden) {
            assertThat(captured).noneMatch(line -> line.contains(secret));
            assertThat(results).noneMatch(r -> r.toString().contains(secret));
        }
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
