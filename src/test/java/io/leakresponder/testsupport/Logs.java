package io.leakresponder.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test run's log file (quarkus.log.file.path in the test profile). */
public final class Logs {

    private Logs() {
    }

    public static String all() {
        Path log = Path.of("target/quarkus-test.log");
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
