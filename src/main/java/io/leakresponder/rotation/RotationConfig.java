package io.leakresponder.rotation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Timing of the rotation workflow. */
@ConfigMapping(prefix = "leak-responder.rotation")
public interface RotationConfig {

    /** Wait after promoting a token or deleting a key before confirming the old one NOT_LIVE (Twilio propagates). */
    @WithDefault("60s")
    Duration propagationDelay();

    /** How many confirmation checks before the rotation is reported as not confirmed. */
    @WithDefault("6")
    int confirmAttempts();

    /** Wait between confirmation checks (doubling). */
    @WithDefault("30s")
    Duration confirmBackoff();
}
