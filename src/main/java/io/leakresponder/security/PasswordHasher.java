package io.leakresponder.security;

import io.leakresponder.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes, stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} so
 * that the cost can be raised later: a hash below the configured cost is replaced at the next sign-in.
 */
@ApplicationScoped
public class PasswordHasher {

    static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    /** How long a password check waits for its turn before the attempt is refused as "busy". */
    private static final Duration WAIT_FOR_TURN = Duration.ofSeconds(5);

    private final SecureRandom random = new SecureRandom();
    private final int iterations;
    /**
     * At most one hash per core at a time. Each costs about 0.3 s of CPU by design, so a burst of sign-in attempts
     * would otherwise take every core from ingestion and the jobs; beyond the bound, attempts wait for a turn, and
     * after {@link #WAIT_FOR_TURN} are refused (503) instead of piling up on the worker threads.
     */
    private final Semaphore turns;
    private final Duration waitForTurn;

    @jakarta.inject.Inject
    PasswordHasher(SessionConfig config) {
        this(config.passwordIterations(), Runtime.getRuntime().availableProcessors(), WAIT_FOR_TURN);
    }

    /** For plain unit tests. */
    PasswordHasher(int iterations) {
        this(iterations, Runtime.getRuntime().availableProcessors(), WAIT_FOR_TURN);
    }

    PasswordHasher(int iterations, int concurrentHashes, Duration waitForTurn) {
        this.iterations = iterations;
        this.turns = new Semaphore(Math.max(1, concurrentHashes), true);
        this.waitForTurn = waitForTurn;
    }

    String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    boolean verify(char[] password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        int storedIterations;
        byte[] salt;
        byte[] expected;
        try {
            storedIterations = Integer.parseInt(parts[1]);
            Base64.Decoder b64 = Base64.getDecoder();
            salt = b64.decode(parts[2]);
            expected = b64.decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (storedIterations < 1 || salt.length == 0 || expected.length == 0) {
            return false; // not a hash this class wrote
        }
        return MessageDigest.isEqual(expected, derive(password, salt, storedIterations));
    }

    /** Does not reveal, by timing, that no such user exists: costs as much as a real verification. */
    void verifyNothing(char[] password) {
        derive(password, new byte[SALT_BYTES], iterations);
    }

    boolean needsRehash(String stored) {
        String[] parts = stored.split("\\$");
        return parts.length != 4 || !SCHEME.equals(parts[0]) || Integer.parseInt(parts[1]) < iterations;
    }

    /** How many hashes could start now without waiting; for tests that need every turn taken. */
    int freeTurns() {
        return turns.availablePermits();
    }

    private byte[] derive(char[] password, byte[] salt, int iterations) {
        boolean turn;
        try {
            turn = turns.tryAcquire(waitForTurn.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            turn = false;
        }
        if (!turn) {
            throw new ProblemException(503, "busy", "Too many sign-ins at once",
                    "too many passwords are being checked at the moment; try again in a few seconds")
                    .with("retryAfterSeconds", 5);
        }
        PBEKeySpec spec = null;
        try {
            spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            if (spec != null) {
                spec.clearPassword();
            }
            turns.release();
        }
    }
}
