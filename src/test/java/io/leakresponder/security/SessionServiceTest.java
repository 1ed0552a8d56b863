package io.leakresponder.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.testsupport.Db;
import io.leakresponder.testsupport.UiClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionServiceTest {

    @Inject
    SessionService sessions;

    @Inject
    UserService users;

    @BeforeEach
    void reset() {
        Db.reset();
    }

    @Test
    void anIdleSessionEnds() {
        UiClient viewer = UiClient.signInAs("viewer");
        viewer.request().get("/ui/account").then().statusCode(200);
        Db.exec("UPDATE app_session SET last_seen_at = now() - interval '31 minutes'");
        viewer.request().get("/ui/account").then().statusCode(303);
    }

    @Test
    void aSessionEndsAtItsMaximumAgeHoweverActive() {
        UiClient viewer = UiClient.signInAs("viewer");
        Db.exec("UPDATE app_session SET expires_at = now() - interval '1 second'");
        viewer.request().get("/ui/account").then().statusCode(303);
    }

    @Test
    void onlyTheCookiesHashIsStoredAndOldSessionsArePurged() {
        UiClient viewer = UiClient.signInAs("viewer");
        assertThat(Db.dumpAllTables()).doesNotContain(viewer.cookie);
        UiClient.signInAs("admin");
        Db.exec("UPDATE app_session SET ended_at = now() - interval '8 days' WHERE user_id = "
                + "(SELECT id FROM app_user WHERE username = '" + viewer.username + "')");
        assertThat(sessions.purgeExpired()).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM app_session")).isEqualTo(1);
    }

    @Test
    void passwordHashesAreSaltedAndVerifyOnlyTheRightPassword() {
        PasswordHasher hasher = new PasswordHasher(1000);
        String a = hasher.hash("a long enough password".toCharArray());
        String b = hasher.hash("a long enough password".toCharArray());
        assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$1000$");
        assertThat(hasher.verify("a long enough password".toCharArray(), a)).isTrue();
        assertThat(hasher.verify("a long enough passwore".toCharArray(), a)).isFalse();
        assertThat(hasher.verify("x".toCharArray(), "not-a-hash")).isFalse();
        assertThat(new PasswordHasher(2000).needsRehash(a)).isTrue();
        assertThat(hasher.needsRehash(a)).isFalse();
    }

    @Test
    void twoAdminsDisablingEachOtherAtOnceLeaveOneActive() throws Exception {
        for (int round = 0; round < 10; round++) {
            Db.reset();
            UserService.UserView a = users.create("admin-a" + round, "a long enough password", "admin", "test");
            UserService.UserView b = users.create("admin-b" + round, "a long enough password", "admin", "test");
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            var first = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> attempt(together, b.id(), a.username()));
            var second = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> attempt(together, a.id(), b.username()));
            // Exactly one of the two wins; the other is told it would remove the last admin.
            assertThat(java.util.List.of(first.get(), second.get())).containsExactlyInAnyOrder(200, 409);
            assertThat(Db.count("SELECT count(*) FROM app_user WHERE role = 'admin' AND disabled_at IS NULL"))
                    .isEqualTo(1);
        }
    }

    private int attempt(java.util.concurrent.CyclicBarrier together, java.util.UUID target, String by) {
        try {
            together.await();
            users.disable(target, by);
            return 200;
        } catch (io.leakresponder.common.ProblemException e) {
            return e.status();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
