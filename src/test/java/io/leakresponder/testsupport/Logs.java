package io.leakresponder.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test run's log file (quarkus.log.file.path in the test profile). */
public final class Logs {

    private Logs() {
    }

    /**
     * The whole log so far. A missing or empty log fails the test: a "no secret in the log" assertion over an
     * empty string would pass without having read anything.
     */
    public static String all() {
        Path log = Path.of("target/quarkus-test.log");
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.isEmpty()) {
                throw new AssertionError("no test log at " + log.toAbsolutePath() + " (quarkus.log.file in the test "
                        + "profile): an assertion about what the log holds would pass without reading anything");
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
