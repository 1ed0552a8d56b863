package io.leakresponder.jobs;

/**
 * A kind of durable one-time job: the task name stored in {@code scheduled_tasks.task_name} and the class its
 * JSON payload is read into. Renaming a type orphans its pending jobs (db-scheduler deletes executions of
 * unknown tasks after 14 days).
 *
 * @param <T> payload type; it may hold references (ids), never secrets
 */
public record JobType<T>(String name, Class<T> payloadType) {

    public JobType {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a job type needs a name");
        }
        if (payloadType == null) {
            throw new IllegalArgumentException("job type '" + name + "' needs a payload type");
        }
    }
}
