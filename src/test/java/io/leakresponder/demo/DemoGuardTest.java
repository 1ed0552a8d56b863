package io.leakresponder.demo;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

class DemoGuardTest {

    @Test
    void theDemoStopsStartUpInProduction() {
        assertThatThrownBy(() -> DemoGuard.refuseInProduction(true, LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LEAK_RESPONDER_DEMO")
                .hasMessageContaining("never in production");
    }

    @Test
    void theDemoRunsInDevModeAndTests() {
        assertThatCode(() -> DemoGuard.refuseInProduction(true, LaunchMode.DEVELOPMENT)).doesNotThrowAnyException();
        assertThatCode(() -> DemoGuard.refuseInProduction(true, LaunchMode.TEST)).doesNotThrowAnyException();
    }

    @Test
    void productionWithoutTheDemoStarts() {
        assertThatCode(() -> DemoGuard.refuseInProduction(false, LaunchMode.NORMAL)).doesNotThrowAnyException();
    }
}
