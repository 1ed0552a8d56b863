package io.leakresponder.liveness;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When credentials are re-checked, and how often people may check by hand. */
@ConfigMapping(prefix = "leak-responder.liveness")
public interface LivenessConfig {

    /** Re-check interval while a credential is LIVE: an attacker may be using it right now. */
    @WithDefault("15m")
    Duration liveInterval();

    /** First re-check after an INDETERMINATE answer; doubles with each further one. */
    @WithDefault("1m")
    Duration indeterminateInitial();

    /** Longest wait between re-checks while answers stay INDETERMINATE. */
    @WithDefault("1h")
    Duration indeterminateMax();

    /** Re-check interval in the first period after a credential was found NOT_LIVE. */
    @WithDefault("1d")
    Duration notLiveInterval();

    /** How long NOT_LIVE credentials are re-checked at {@link #notLiveInterval()}. */
    @WithDefault("7d")
    Duration notLivePeriod();

    /** Re-check interval of NOT_LIVE credentials after that period, while their incident is open. */
    @WithDefault("7d")
    Duration notLiveLaterInterval();

    /** How often the scheduler looks for credentials whose re-check is due. */
    @WithDefault("30s")
    Duration scanInterval();

    /** Most re-checks one scan enqueues; the rest wait for the next scan. */
    @WithDefault("500")
    int scanBatch();

    /** Ad-hoc checks (POST /api/v1/liveness) allowed per API token per minute. */
    @WithDefault("30")
    int rateLimitPerMinute();
}
