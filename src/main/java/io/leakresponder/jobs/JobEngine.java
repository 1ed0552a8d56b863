package io.leakresponder.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Durable, cluster-safe background jobs on db-scheduler and the {@code scheduled_tasks} table.
 *
 * <p>Every node runs one engine against the same database. A due job is claimed with {@code
 * SELECT ... FOR UPDATE SKIP LOCKED}, so it runs on exactly one node at a time; a node that stops
 * heart-beating while running a job has that job run again by another node (at least once). In the
 * app the engine is an {@code @ApplicationScoped} bean produced by {@code JobsLifecycle}; tests
 * construct it directly.
 */
public class JobEngine {

    private static final Logger LOG = Logger.getLogger(JobEngine.class);

    private enum Lifecycle {
        NEW, STARTED, STOPPED
    }

    private final Scheduler scheduler;
    private final ScheduledTasksTable table;
    private final JsonPayloadSerializer serializer;
    private final Map<String, HandlerTask<?>> handlerTasks;
    private final List<String> taskNames;
    private final String schedulerName;
    private final AtomicReference<Lifecycle> lifecycle;

    /**
     * Builds the engine without touching the database; nothing runs before {@link #start()}.
     *
     * @throws IllegalArgumentException if two handlers or recurring jobs share a name
     */
    public JobEngine(
            DataSource dataSource,
            JobEngineOptions options,
            Collection<? extends JobHandler<?>> handlers,
            Collection<? extends RecurringJob> recurringJobs) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        this.serializer = new JsonPayloadSerializer();
        this.handlerTasks = new LinkedHashMap<>();
        List<Task<?>> tasks = new ArrayList<>();
        for (JobHandler<?> handler : handlers) {
            HandlerTask<?> task = HandlerTask.of(handler);
            requireUniqueName(task.getName(), tasks);
            handlerTasks.put(task.getName(), task);
            tasks.add(task);
        }
        List<RecurringTask<Void>> recurring = new ArrayList<>();
        for (RecurringJob job : recurringJobs) {
            if (job.enabled() && (job.fixedDelay() == null || !job.fixedDelay().isPositive())) {
                throw new IllegalArgumentException(
                        "Recurring job '" + job.name() + "' needs a positive fixed delay");
            }
            var task = RecurringJobTask.of(job);
            requireUniqueName(task.getName(), tasks);
            requireUniqueName(task.getName(), recurring);
            recurring.add(task);
        }
        this.taskNames = Stream.concat(tasks.stream(), recurring.stream())
                .map(Task::getName)
                .toList();
        this.schedulerName = options.schedulerName();
        this.scheduler = Scheduler.create(dataSource, tasks)
                // Start tasks are also known tasks; on start they create their row unless present.
                .startTasks(recurring)
                .schedulerName(new SchedulerName.Fixed(options.schedulerName()))
                .serializer(serializer)
                // PostgreSQL only: single-statement UPDATE ... FOR UPDATE SKIP LOCKED claims due rows
                // without probing the database at build time.
                .jdbcCustomization(new PostgreSqlJdbcCustomization(false, true))
                // Claim at most one job per free thread, so no claimed job waits unheart-beaten in a
                // queue; refill when half the threads are free.
                .pollUsingLockAndFetch(0.5, 1.0)
                .threads(options.threads())
                .pollingInterval(options.pollingInterval())
                .heartbeatInterval(options.heartbeatInterval())
                .missedHeartbeatsLimit(options.missedHeartbeatsLimit())
                .shutdownMaxWait(options.shutdownMaxWait())
                // Failures are logged by HandlerTask/RecurringJobTask with task and instance id.
                .failureLogging(LogLevel.DEBUG, true)
                .build();
        this.table = new ScheduledTasksTable(dataSource, HandlerTask.FAILED_MARKER);
        this.lifecycle = new AtomicReference<>(Lifecycle.NEW);
    }

    /** For CDI client proxies only; every method of a proxy delegates to a real instance. */
    protected JobEngine() {
        this.scheduler = null;
        this.table = null;
        this.serializer = null;
        this.handlerTasks = null;
        this.taskNames = null;
        this.schedulerName = null;
        this.lifecycle = null;
    }

    /**
     * Starts polling, heart-beating and dead-execution detection, and creates the row of each
     * recurring job unless present. A stopped engine cannot be started again.
     */
    public void start() {
        if (!lifecycle.compareAndSet(Lifecycle.NEW, Lifecycle.STARTED)) {
            throw new IllegalStateException("Job engine already " + lifecycle.get());
        }
        LOG.infof(
                "Starting job engine %s with tasks %s", schedulerName, String.join(", ", taskNames));
        scheduler.start();
    }

    /**
     * Stops taking jobs and waits for running ones up to the shutdown wait; jobs still running then
     * are interrupted and, if their rows stay picked, run again by another node once detected dead.
     * Does nothing unless started.
     */
    public void stop() {
        if (lifecycle.compareAndSet(Lifecycle.STARTED, Lifecycle.STOPPED)) {
            LOG.infof("Stopping job engine %s", schedulerName);
            scheduler.stop();
        } else {
            lifecycle.compareAndSet(Lifecycle.NEW, Lifecycle.STOPPED);
        }
    }

    /**
     * Schedules a job unless one with the same task and instance id exists (whatever its state,
     * including {@link JobState#FAILED}); the existing job is left untouched.
     *
     * @param payload instance of the handler's payload type, or {@code null}; stored as JSON
     * @return true if a job was created, false if it already existed
     * @throws UnknownTaskException if no handler has this task name
     */
    public boolean schedule(String taskName, String instanceId, Object payload, Instant when) {
        byte[] data = serialize(taskName, instanceId, payload, when);
        boolean created = sql(() -> table.insertIfAbsent(taskName, instanceId, data, when));
        if (created) {
            LOG.debugf("Scheduled job %s/%s at %s", taskName, instanceId, when);
            wakeIfDue(when);
        } else {
            LOG.debugf("Job %s/%s already exists; left as is", taskName, instanceId);
        }
        return created;
    }

    /**
     * Schedules a job, or replaces payload and time of an existing one that is not running and
     * resets its attempts (this also revives a {@link JobState#FAILED} job).
     *
     * @return false if the existing job is running right now; it was left untouched
     * @throws UnknownTaskException if no handler has this task name
     */
    public boolean scheduleOrReplace(
            String taskName, String instanceId, Object payload, Instant when) {
        byte[] data = serialize(taskName, instanceId, payload, when);
        boolean done = sql(() -> table.insertOrReplace(taskName, instanceId, data, when));
        if (done) {
            LOG.debugf("Scheduled or replaced job %s/%s at %s", taskName, instanceId, when);
            wakeIfDue(when);
        } else {
            LOG.debugf("Job %s/%s is running; not replaced", taskName, instanceId);
        }
        return done;
    }

    /**
     * Makes a waiting job (typically {@link JobState#FAILED} or {@link JobState#RETRYING}) due now
     * with a fresh set of attempts, keeping its payload.
     *
     * @return false if there is no such job or it is running
     */
    public boolean retryNow(String taskName, String instanceId) {
        Instant now = Instant.now();
        boolean done = sql(() -> table.retry(taskName, instanceId, now));
        if (done) {
            LOG.infof("Job %s/%s set to run again now", taskName, instanceId);
            wakeIfDue(now);
        }
        return done;
    }

    /**
     * Deletes a job that is not running.
     *
     * @return false if there is no such job or it is running
     */
    public boolean cancel(String taskName, String instanceId) {
        boolean done = sql(() -> table.cancel(taskName, instanceId));
        if (done) {
            LOG.infof("Job %s/%s cancelled", taskName, instanceId);
        }
        return done;
    }

    /** Jobs matching the filter, soonest first (failed ones last), without payloads. */
    public List<JobStatus> list(JobFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return sql(() -> table.list(filter));
    }

    /** One job, without payload; empty once it completed or was cancelled. */
    public Optional<JobStatus> find(String taskName, String instanceId) {
        return sql(() -> table.find(taskName, instanceId));
    }

    /**
     * The jobs of one task with the given instance ids, without payloads, by instance id (one query); an id
     * without an entry has completed or was cancelled.
     */
    public Map<String, JobStatus> findAll(String taskName, Collection<String> instanceIds) {
        return sql(() -> table.findAll(taskName, instanceIds));
    }

    /** Task names of the registered handlers and recurring jobs. */
    public List<String> taskNames() {
        return taskNames;
    }

    private byte[] serialize(String taskName, String instanceId, Object payload, Instant when) {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(when, "when");
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("instanceId must not be blank");
        }
        HandlerTask<?> task = handlerTasks.get(taskName);
        if (task == null) {
            throw new UnknownTaskException(taskName);
        }
        if (payload != null && !task.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException(
                    "Task '" + taskName + "' expects a payload of type " + task.payloadType().getName()
                            + ", got " + payload.getClass().getName());
        }
        return serializer.serialize(payload);
    }

    private void wakeIfDue(Instant when) {
        // Saves up to one polling interval; if the caller's transaction has not committed yet the
        // poll finds nothing and the next regular one picks the job up.
        if (lifecycle.get() == Lifecycle.STARTED && !when.isAfter(Instant.now())) {
            scheduler.triggerCheckForDueExecutions();
        }
    }

    private static void requireUniqueName(String name, List<? extends Task<?>> tasks) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Task names must not be blank");
        }
        if (tasks.stream().anyMatch(t -> t.getName().equals(name))) {
            throw new IllegalArgumentException("Duplicate job task name '" + name + "'");
        }
    }

    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new JobStoreException(e);
        }
    }
}
