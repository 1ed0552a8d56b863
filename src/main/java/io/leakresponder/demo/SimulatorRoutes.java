package io.leakresponder.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.LaunchMode;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the {@link TwilioSimulator} under {@value #PATH} when the demo is on; otherwise the path is not registered at
 * all and answers 404 like any unknown one. The simulator checks its own Basic credentials; nothing here logs a
 * header or body.
 */
@ApplicationScoped
class SimulatorRoutes {

    static final String PATH = "/demo/twilio";
    /** Twilio's form bodies here are a few fields; anything larger is not a Twilio call. */
    private static final int MAX_BODY = 64 * 1024;

    @Inject
    DemoConfig config;

    @Inject
    ObjectMapper json;

    private volatile TwilioSimulator simulator;

    void register(@Observes Router router) {
        // DemoGuard stops a production start-up with the demo on; the simulator is never registered there regardless.
        if (!config.enabled() || !LaunchMode.current().isDevOrTest()) {
            return;
        }
        router.route(PATH + "/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(this::handle);
    }

    /** The simulator of this run, made on first use. */
    TwilioSimulator simulator() {
        TwilioSimulator s = simulator;
        if (s == null) {
            synchronized (this) {
                if (simulator == null) {
                    simulator = new TwilioSimulator(Clock.systemUTC());
                }
                s = simulator;
            }
        }
        return s;
    }

    private void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath().substring(PATH.length());
        TwilioSimulator.Reply reply;
        try {
            reply = simulator().handle(ctx.request().method().name(), ctx.request().getHeader("X-Forwarded-Host"),
                    path, params(ctx.queryParams()), params(ctx.request().formAttributes()),
                    ctx.request().getHeader("Authorization"));
        } catch (DateTimeParseException e) {
            reply = new TwilioSimulator.Reply(400, Map.of("code", 20001, "message", "Invalid date filter",
                    "more_info", "https://www.twilio.com/docs/errors/20001", "status", 400));
        }
        ctx.response().setStatusCode(reply.status());
        if (reply.body() == null) {
            ctx.response().end();
            return;
        }
        try {
            ctx.response().putHeader("Content-Type", "application/json").end(json.writeValueAsString(reply.body()));
        } catch (JsonProcessingException e) {
            ctx.fail(500);
        }
    }

    private static Map<String, List<String>> params(MultiMap multi) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : multi.names()) {
            out.put(name, new ArrayList<>(multi.getAll(name)));
        }
        return out;
    }
}
