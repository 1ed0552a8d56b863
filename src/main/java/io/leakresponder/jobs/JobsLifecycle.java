package io.leakresponder.jobs;

import com.github.kagkarlsson.scheduler.SchedulerName;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Produces the {@link JobEngine} from the default datasource and every {@link JobHandler} and
 * {@link RecurringJob} bean, starts it at start-up when enabled and stops it at shutdown.
 */
@Singleton
class JobsLifecycle {

    private static final Logger LOG = Logger.getLogger(JobsLifecycle.class);

    @Inject
    DataSource dataSource;

    @Inject
    JobsConfig config;

    @Inject
    @Any
    Instance<JobHandler<?>> handlers;

    @Inject
    @Any
    Instance<RecurringJob> recurringJobs;

    private volatile JobEngine started;

    // Normal-scoped: handlers may inject JobEngine (to chain jobs) while the engine is built from
    // the handlers; the client proxy breaks that cycle.
    @Produces
    @ApplicationScoped
    JobEngine jobEngine() {
        return new JobEngine(
                dataSource, options(config), handlers.stream().toList(), recurringJobs.stream().toList());
    }

    void onStart(@Observes StartupEvent event, JobEngine engine) {
        if (!config.enabled()) {
            LOG.info("Job engine disabled (leak-responder.jobs.enabled=false): jobs are only enqueued");
            return;
        }
        engine.start();
        started = engine;
    }

    void onStop(@Observes ShutdownEvent event) {
        JobEngine engine = started;
        if (engine != null) {
            engine.stop();
        }
    }

    static JobEngineOptions options(JobsConfig config) {
        return new JobEngineOptions(
                config.schedulerName().orElseGet(() -> new SchedulerName.Hostname().getName()),
                config.threads(),
                config.pollingInterval(),
                config.heartbeatInterval(),
                config.missedHeartbeatsLimit(),
                config.shutdownMaxWait());
    }
}
