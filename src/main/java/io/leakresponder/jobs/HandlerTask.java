package io.leakresponder.jobs;

import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Adapts a {@link JobHandler} to a db-scheduler one-time task with bounded retries.
 *
 * <p>A job that fails its last attempt (or dies on it) is not deleted: it is rescheduled to {@link
 * #FAILED_MARKER}, which keeps its row, payload and failure count visible but never due.
 */
final class HandlerTask<T> extends OneTimeTask<T> {

    /** Execution time of jobs that exhausted their attempts; far enough never to come due. */
    static final Instant FAILED_MARKER = Instant.parse("9999-12-31T00:00:00Z");

    private static final Logger LOG = Logger.getLogger(HandlerTask.class);

    private final JobHandler<T> handler;
    private final RetryPolicy policy;

    private HandlerTask(JobHandler<T> handler, RetryPolicy policy, Attempts<T> attempts) {
        super(handler.type().name(), handler.type().payloadType(), attempts, attempts);
        this.handler = handler;
        this.policy = policy;
    }

    static <T> HandlerTask<T> of(JobHandler<T> handler) {
        RetryPolicy policy = handler.retryPolicy();
        RetryPolicy effective = policy == null ? RetryPolicy.DEFAULT : policy;
        return new HandlerTask<>(handler, effective, new Attempts<>(effective));
    }

    Class<T> payloadType() {
        return handler.type().payloadType();
    }

    @Override
    public void executeOnce(TaskInstance<T> instance, ExecutionContext executionContext) {
        Execution execution = executionContext.getExecution();
        JobContext context = new JobContext(
                getName(),
                instance.getId(),
                execution.consecutiveFailures + 1,
                policy.maxAttempts(),
                execution.executionTime,
                () -> executionContext.getSchedulerState().isShuttingDown());
        long started = System.nanoTime();
        try {
            handler.run(instance.getData(), context);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // db-scheduler's handler signature has no checked exceptions; unwrapped again for logging.
            throw new JobFailedException(e);
        }
        LOG.infof(
                "Job %s/%s succeeded on attempt %d in %d ms",
                getName(),
                instance.getId(),
                context.attempt(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Carries a checked exception out of a handler. */
    static final class JobFailedException extends RuntimeException {
        JobFailedException(Exception cause) {
            super(cause.getClass().getName(), cause);
        }
    }

    static String describe(Throwable failure) {
        Throwable cause = failure instanceof JobFailedException ? failure.getCause() : failure;
        if (cause == null) {
            return "no exception";
        }
        return cause.getMessage() == null
                ? cause.getClass().getName()
                : cause.getClass().getName() + ": " + cause.getMessage();
    }

    /**
     * Counts attempts against the policy, for a failed run and for a lost one alike. A failed run is
     * retried with exponential backoff. A run whose node stopped heart-beating (crash, kill, network
     * split) is run again at once; that lost run counts as an attempt, so a job that kills its node
     * cannot loop forever. The last attempt parks the job at {@link #FAILED_MARKER}.
     */
    static final class Attempts<T> implements FailureHandler<T>, DeadExecutionHandler<T> {
        private final RetryPolicy policy;

        Attempts(RetryPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
            TaskInstance<?> instance = complete.getExecution().taskInstance;
            int attempt = complete.getExecution().consecutiveFailures + 1;
            Throwable cause = complete.getCause().orElse(null);
            if (attempt >= policy.maxAttempts()) {
                LOG.errorf(
                        cause instanceof JobFailedException ? cause.getCause() : cause,
                        "Job %s/%s failed on attempt %d of %d; giving up, kept as FAILED",
                        instance.getTaskName(),
                        instance.getId(),
                        attempt,
                        policy.maxAttempts());
                operations.reschedule(complete, FAILED_MARKER);
            } else {
                Instant next = complete.getTimeDone().plus(policy.backoffAfter(attempt));
                // Message only: the stack trace is logged once, when the job finally fails.
                LOG.warnf(
                        "Job %s/%s failed on attempt %d of %d (%s); retrying at %s",
                        instance.getTaskName(),
                        instance.getId(),
                        attempt,
                        policy.maxAttempts(),
                        describe(cause),
                        next);
                operations.reschedule(complete, next);
            }
        }

        @Override
        public void deadExecution(ExecutionComplete complete, ExecutionOperations<T> operations) {
            Execution execution = complete.getExecution();
            int attempt = execution.consecutiveFailures + 1;
            boolean last = attempt >= policy.maxAttempts();
            LOG.logf(
                    last ? Logger.Level.ERROR : Logger.Level.WARN,
                    "Job %s/%s died on %s (no heartbeat since %s) on attempt %d of %d; %s",
                    execution.taskInstance.getTaskName(),
                    execution.taskInstance.getId(),
                    execution.pickedBy,
                    execution.lastHeartbeat,
                    attempt,
                    policy.maxAttempts(),
                    last ? "kept as FAILED" : "running it again");
            operations.reschedule(complete, last ? FAILED_MARKER : complete.getTimeDone());
        }
    }
}
