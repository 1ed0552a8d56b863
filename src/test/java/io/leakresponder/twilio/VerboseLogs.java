package io.leakresponder.twilio;

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
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For the secret-hygiene tests: during each test, this service's and twilio-java's logging at their most verbose,
 * every line captured with all it could carry. Apache's header/wire loggers stay at INFO as in production.
 */
final class VerboseLogs implements BeforeEachCallback, AfterEachCallback {

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

    /** The lines logged so far in this test. */
    List<String> captured() {
        return captured;
    }

    /** The Base64 of Basic credentials, as an Authorization header would carry them. */
    static String basic(String user, String pass) {
        return Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        handler.setLevel(Level.ALL);
        roots.add(Logger.getLogger(""));
        if (!(LogManager.getLogManager() instanceof org.jboss.logmanager.LogManager)) {
            // Run outside surefire's setting: slf4j still reaches JBoss LogManager directly.
            roots.add(LogContext.getLogContext().getLogger(""));
        }
        roots.forEach(r -> r.addHandler(handler));
        LEVELS.forEach((name, level) -> {
            Logger logger = Logger.getLogger(name);
            previous.put(name, logger.getLevel());
            logger.setLevel(level);
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        roots.forEach(r -> r.removeHandler(handler));
        roots.clear();
        previous.forEach((name, level) -> Logger.getLogger(name).setLevel(level));
    }

    /** Everything a log line could carry: formatted message, raw message, parameters and stack trace. */
    private static String render(LogRecord record) {
        StringBuilder out = new StringBuilder(record.getLoggerName()).append(' ');
        out.append(record instanceof ExtLogRecord ext
                ? ext.getFormattedMessage()
                : new SimpleFormatter().formatMessage(record));
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
