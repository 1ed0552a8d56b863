package io.leakresponder.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the durable background job engine ({@code leak-responder.jobs.*}). */
@ConfigMapping(prefix = "leak-responder.jobs")
public interface JobsConfig {

    /**
     * Whether this node runs jobs. When false it still schedules and lists them (another node runs
     * them), which suits a read-only replica or a test that drives jobs by hand.
     */
    @WithDefault("true")
    boolean enabled();

    /** Jobs run in parallel on this node; each one holds a database connection only briefly. */
    @WithDefault("4")
    int threads();

    /** How often this node looks for due jobs; also the usual delay before a new job starts. */
    @WithDefault("2s")
    Duration pollingInterval();

    /** How often a running job's row is touched to show its node is alive. */
    @WithDefault("30s")
    Duration heartbeatInterval();

    /**
     * Missed heartbeats after which a running job is declared dead (its node crashed or was killed)
     * and run again; at least 4. With the defaults a dead job is retried after about 3 minutes.
     */
    @WithDefault("6")
    int missedHeartbeatsLimit();

    /**
     * How long shutdown lets running jobs finish before interrupting them; an interrupted job is
     * retried later. db-scheduler may wait up to twice this.
     */
    @WithDefault("30s")
    Duration shutdownMaxWait();

    /** This node's name in {@code picked_by}; defaults to the host name. */
    Optional<String> schedulerName();
}
