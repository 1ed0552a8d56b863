package io.leakresponder.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Tells templates whether the demo is on, so every dashboard page can carry the demo banner. */
@ApplicationScoped
@Named("demo")
public class DemoMode {

    @Inject
    DemoConfig config;

    public boolean isEnabled() {
        return config.enabled();
    }
}
