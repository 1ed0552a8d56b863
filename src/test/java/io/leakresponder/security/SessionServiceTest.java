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
}
