package io.leakresponder.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.DisabledSchedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.jboss.logging.Logger;

/**
 * Adapts a {@link RecurringJob} to a db-scheduler recurring task: one row, so runs never overlap;
 * after a failure or a dead run the next run follows the normal schedule.
 */
final class RecurringJobTask {

    private static final Logger LOG = Logger.getLogger(RecurringJobTask.class);

    private RecurringJobTask() {
    }

    static RecurringTask<Void> of(RecurringJob job) {
        Schedule schedule = job.enabled() ? Schedules.fixedDelay(job.fixedDelay()) : new DisabledSchedule();
        String name = job.name();
        return Tasks.recurring(name, schedule)
                .execute(
                        (instance, context) -> {
                            long started = System.nanoTime();
                            try {
                                job.run();
                            } catch (Exception e) {
                                LOG.warnf(
                                        e,
                                        "Recurring job %s failed after %d ms; next run in %s",
                                        name,
                                        (System.nanoTime() - started) / 1_000_000,
                                        job.fixedDelay());
                                // Rethrown so the row records last_failure and consecutive_failures.
                                throw e instanceof RuntimeException re ? re : new HandlerTask.JobFailedException(e);
                            }
                            LOG.infof(
                                    "Recurring job %s succeeded in %d ms",
                                    name,
                                    (System.nanoTime() - started) / 1_000_000);
                        });
    }
}
