package io.leakresponder.incident;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Targets per severity for time to acknowledge and time to contain, counted from when the incident opened. */
@ConfigMapping(prefix = "leak-responder.sla")
public interface SlaConfig {

    /** A live master credential: someone must be on it within minutes. */
    @WithDefault("15m")
    Duration criticalAcknowledge();

    @WithDefault("1h")
    Duration criticalContain();

    @WithDefault("1h")
    Duration highAcknowledge();

    @WithDefault("4h")
    Duration highContain();

    @WithDefault("4h")
    Duration mediumAcknowledge();

    @WithDefault("1d")
    Duration mediumContain();

    /** A dead or identifier-only credential can wait for working hours. */
    @WithDefault("1d")
    Duration lowAcknowledge();

    @WithDefault("7d")
    Duration lowContain();

    @WithDefault("7d")
    Duration infoAcknowledge();

    @WithDefault("30d")
    Duration infoContain();

    default Duration acknowledge(Severity s) {
        return switch (s) {
            case CRITICAL -> criticalAcknowledge();
            case HIGH -> highAcknowledge();
            case MEDIUM -> mediumAcknowledge();
            case LOW -> lowAcknowledge();
            case INFO -> infoAcknowledge();
        };
    }

    default Duration contain(Severity s) {
        return switch (s) {
            case CRITICAL -> criticalContain();
            case HIGH -> highContain();
            case MEDIUM -> mediumContain();
            case LOW -> lowContain();
            case INFO -> infoContain();
        };
    }
}
