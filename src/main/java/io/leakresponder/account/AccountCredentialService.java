package io.leakresponder.account;

import io.leakresponder.common.ProblemException;
import io.leakresponder.security.Fingerprints;
import io.leakresponder.security.SecretCipher;
import io.leakresponder.twilio.LivenessResult;
import io.leakresponder.twilio.TwilioAuth;
import io.leakresponder.twilio.TwilioFacade;
import io.leakresponder.twilio.TwilioRegion;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Registers one admin credential per Twilio account (its Auth Token or a Main API key), checked against Twilio
 * before it is stored encrypted. Rotation and usage pulls use it when the leaked credential may not act.
 */
@ApplicationScoped
public class AccountCredentialService {

    private static final Pattern ACCOUNT_SID = Pattern.compile("^AC[0-9a-f]{32}$");
    private static final Pattern KEY_SID = Pattern.compile("^SK[0-9a-f]{32}$");
    private static final Pattern AUTH_TOKEN = Pattern.compile("^[0-9a-f]{32}$");
    private static final Pattern KEY_SECRET = Pattern.compile("^[0-9A-Za-z]{32}$");

    /** Storage. */
    @ApplicationScoped
    static class Repository implements PanacheRepositoryBase<AccountCredential, UUID> {
        Optional<AccountCredential> byAccount(String accountSid) {
            return find("accountSid", accountSid).firstResultOptional();
        }
    }

    /** What listings show: the account, the kind, the hint. */
    public record View(UUID id, String accountSid, String kind, String keySid, String hint, String label,
            Instant createdAt, String createdBy) {
        static View of(AccountCredential a) {
            return new View(a.id, a.accountSid, a.kind, a.keySid, a.hint, a.label, a.createdAt, a.createdBy);
        }
    }

    private final Repository repository;
    private final SecretCipher cipher;
    private final TwilioFacade twilio;
    private final Clock clock;

    AccountCredentialService(Repository repository, SecretCipher cipher, TwilioFacade twilio, Clock clock) {
        this.repository = repository;
        this.cipher = cipher;
        this.twilio = twilio;
        this.clock = clock;
    }

    /**
     * Checks the credential against Twilio (read-only), then stores it. An API key must be a Main key: Standard
     * and Restricted keys may not manage keys or read the account.
     */
    public View register(String accountSid, String authToken, String keySid, String keySecret, String label,
            String actor) {
        if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
            throw ProblemException.invalidField("accountSid", "accountSid must be AC followed by 32 hex digits");
        }
        boolean key = keySid != null || keySecret != null;
        if (key == (authToken != null)) {
            throw ProblemException.invalidField(key ? "authToken" : "apiKeySid",
                    "give either authToken or apiKeySid and apiKeySecret");
        }
        if (!key && !AUTH_TOKEN.matcher(authToken).matches()) {
            throw ProblemException.invalidField("authToken", "authToken must be 32 hex digits");
        }
        if (key && (keySid == null || !KEY_SID.matcher(keySid).matches())) {
            throw ProblemException.invalidField("apiKeySid", "apiKeySid must be SK followed by 32 hex digits");
        }
        if (key && (keySecret == null || !KEY_SECRET.matcher(keySecret).matches())) {
            throw ProblemException.invalidField("apiKeySecret", "apiKeySecret must be 32 letters and digits");
        }
        LivenessResult check = key
                ? twilio.checkApiKey(accountSid, keySid, keySecret)
                : twilio.checkAuthToken(accountSid, authToken);
        if (!check.isLive()) {
            throw new ProblemException(422, "credential-not-usable", "Credential not usable",
                    "Twilio did not accept this credential (" + check.verdict() + ": " + check.reason() + ")");
        }
        if (key && check.keyType() != LivenessResult.KeyType.MAIN) {
            throw new ProblemException(422, "credential-not-usable", "Credential not usable",
                    "this API key is " + check.keyType() + "; rotation and audits need a Main key or the Auth Token");
        }
        return store(accountSid, key ? keySid : null, key ? keySecret : authToken, check.region(), label, actor);
    }

    @Transactional
    View store(String accountSid, String keySid, String secret, TwilioRegion region, String label, String actor) {
        if (repository.byAccount(accountSid).isPresent()) {
            throw ProblemException.conflict("account-registered", "account " + accountSid
                    + " already has an admin credential; delete it first to replace it");
        }
        AccountCredential a = new AccountCredential();
        a.id = UUID.randomUUID();
        a.accountSid = accountSid;
        a.kind = keySid == null ? "AUTH_TOKEN" : "API_KEY";
        a.keySid = keySid;
        SecretCipher.Sealed sealed = cipher.encrypt(secret, "account-credential:" + a.id);
        a.secretCiphertext = sealed.ciphertext();
        a.secretKeyId = sealed.keyId();
        a.hint = Fingerprints.hint(secret);
        a.label = label;
        a.twilioRegion = (region == null ? TwilioRegion.US1 : region).code();
        a.createdAt = clock.instant();
        a.createdBy = actor;
        repository.persist(a);
        return View.of(a);
    }

    @Transactional
    public List<View> list() {
        return repository.listAll().stream().map(View::of).toList();
    }

    @Transactional
    public void delete(UUID id) {
        if (!repository.deleteById(id)) {
            throw ProblemException.notFound("account credential", id);
        }
    }

    /** The decrypted admin credential of an account, for the length of a Twilio call. */
    @Transactional
    public Optional<TwilioAuth> authFor(String accountSid) {
        return repository.byAccount(accountSid).map(a -> {
            String secret = cipher.decrypt(new SecretCipher.Sealed(a.secretCiphertext, a.secretKeyId),
                    "account-credential:" + a.id);
            TwilioAuth auth = a.keySid == null
                    ? TwilioAuth.authToken(a.accountSid, secret)
                    : TwilioAuth.apiKey(a.accountSid, a.keySid, secret);
            return auth.in(TwilioRegion.ofCode(a.twilioRegion));
        });
    }
}
