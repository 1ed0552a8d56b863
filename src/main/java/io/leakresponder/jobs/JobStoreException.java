package io.leakresponder.jobs;

import java.sql.SQLException;

/** The {@code scheduled_tasks} table could not be read or written. */
public class JobStoreException extends RuntimeException {

    public JobStoreException(SQLException cause) {
        super("Job store unavailable: " + cause.getMessage(), cause);
    }
}
