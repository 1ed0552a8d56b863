package io.leakresponder.jobs;

/** A job was scheduled for a task name that no {@link JobHandler} registered. */
public class UnknownTaskException extends IllegalArgumentException {

    public UnknownTaskException(String taskName) {
        super("No job handler registered for task '" + taskName + "'");
    }
}
