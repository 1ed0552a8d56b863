package io.leakresponder.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakresponder.common.ProblemException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void aCheckBeyondTheBoundWaitsForItsTurnAndIsRefusedAsBusyWhenNoneComes() throws Exception {
        // One hash at a time; a second attempt waits at most 50 ms. The first is made slow enough (many
        // iterations) that the second cannot get its turn in that time.
        PasswordHasher hasher = new PasswordHasher(1000, 1, Duration.ofMillis(50));
        String stored = new PasswordHasher(2_000_000).hash("a long enough password".toCharArray());
        CompletableFuture<Boolean> slow = CompletableFuture.supplyAsync(
                () -> hasher.verify("a long enough password".toCharArray(), stored));
        // The slow check has taken the only turn (it holds it for about a second).
        Awaitility.await("the slow check holds the only turn")
                .atMost(Duration.ofSeconds(30))
                .until(() -> hasher.freeTurns() == 0 || slow.isDone());
        assertThat(slow).as("the slow check is still running").isNotDone();
        assertThatThrownBy(() -> hasher.verify("another guess!!".toCharArray(), stored))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.type()).isEqualTo("busy");
                });
        assertThat(slow.get(2, TimeUnit.MINUTES)).isTrue();
        // The turn was given back: the next check runs.
        assertThat(hasher.verify("a long enough password".toCharArray(), hasher.hash(
                "a long enough password".toCharArray()))).isTrue();
    }

    @Test
    void checksWithinTheBoundRunSideBySide() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1000, 2, Duration.ofSeconds(30));
        String stored = hasher.hash("a long enough password".toCharArray());
        var checks = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> hasher.verify(
                        (i % 2 == 0 ? "a long enough password" : "wrong password!!").toCharArray(), stored)))
                .toList();
        for (int i = 0; i < checks.size(); i++) {
            assertThat(checks.get(i).get(1, TimeUnit.MINUTES)).isEqualTo(i % 2 == 0);
        }
    }

    @Test
    void storedValuesThisClassNeverWroteAreWrongPasswordsAndGiveTheirTurnBack() {
        PasswordHasher hasher = new PasswordHasher(1000, 1, Duration.ofMillis(50));
        String good = hasher.hash("a long enough password".toCharArray());
        String[] parts = good.split("\\$");
        for (String odd : new String[]{
                "pbkdf2-sha256$0$" + parts[2] + "$" + parts[3],
                "pbkdf2-sha256$-5$" + parts[2] + "$" + parts[3],
                "pbkdf2-sha256$1000$$" + parts[3],
                "pbkdf2-sha256$1000$" + parts[2] + "$",
                "pbkdf2-sha256$x$" + parts[2] + "$" + parts[3],
                "pbkdf2-sha256$1000$!!$" + parts[3]}) {
            assertThat(hasher.verify("a long enough password".toCharArray(), odd)).as(odd).isFalse();
        }
        // The only turn is still there: a real check runs at once.
        assertThat(hasher.verify("a long enough password".toCharArray(), good)).isTrue();
    }
}
