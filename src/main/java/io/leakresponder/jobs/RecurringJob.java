package io.leakresponder.jobs;

import java.time.Duration;

/**
 * Periodic work run on one node of the cluster at a time, implemented by CDI beans.
 *
 * <p>Each job is a single row in {@code scheduled_tasks}; a run holds that row, so two runs of the
 * same job never overlap, neither on one node nor across nodes. A failed run is logged and the
 * next one is scheduled as usual.
 */
public interface RecurringJob {

    /** Unique name, also the task name in {@code scheduled_tasks}; must not clash with handlers. */
    String name();

    /** Pause between the end of one run and the start of the next; usually read from config. */
    Duration fixedDelay();

    /** False removes the pending run at start-up, so a job can be switched off by config. */
    default boolean enabled() {
        return true;
    }

    /** Does the work; throwing is logged and recorded as a failure of this run. */
    void run() throws Exception;
}
