package io.leakresponder.audit;

import io.leakresponder.account.AccountCredentialService;
import io.leakresponder.common.ProblemException;
import io.leakresponder.credential.CredentialView;
import io.leakresponder.credential.CredentialService;
import io.leakresponder.incident.IncidentService;
import io.leakresponder.incident.IncidentState;
import io.leakresponder.rotation.RotationService;
import io.leakresponder.twilio.RotationOutcome;
import io.leakresponder.twilio.TwilioAuth;
import io.leakresponder.twilio.TwilioRotation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * After containment: API keys and subaccounts created during the exposure window may be the attacker's.
 * They are listed for the responder, who deletes or keeps each; every decision is on the incident's trail.
 */
@ApplicationScoped
public class SuspectService {

    private final SuspectResource.Repository suspects;
    private final RotationService rotations;
    private final IncidentService incidents;
    private final CredentialService credentials;
    private final AccountCredentialService accounts;
    private final TwilioRotation twilio;
    private final Clock clock;

    SuspectService(SuspectResource.Repository suspects, RotationService rotations,
            IncidentService incidents, CredentialService credentials, AccountCredentialService accounts,
            TwilioRotation twilio, Clock clock) {
        this.suspects = suspects;
        this.rotations = rotations;
        this.incidents = incidents;
        this.credentials = credentials;
        this.accounts = accounts;
        this.twilio = twilio;
        this.clock = clock;
    }

    /** Lists keys and subaccounts created since the exposure start (calls Twilio, then records, in that order). */
    public List<SuspectView> scan(UUID incidentId, String actor) {
        IncidentState state = incidents.stateOf(incidentId);
        if (state == IncidentState.OPEN || state == IncidentState.ACKNOWLEDGED || state == IncidentState.CLOSED) {
            throw ProblemException.conflict("illegal-transition", "look for attacker-made keys after containment "
                    + "(the incident is " + state + ")");
        }
        CredentialView credential = credentials.view(incidents.credentialOf(incidentId)).orElseThrow();
        TwilioAuth admin = accounts.authFor(credential.accountSid()).orElseThrow(() -> ProblemException.conflict(
                "no-admin-credential", "listing keys and subaccounts needs the account's admin credential "
                        + "(POST /api/v1/accounts) for " + credential.accountSid()));
        // Keys come from three lists: the 2010 API's, the IAM API's (restricted keys are made only there) and the
        // signing keys. A partial listing must not pass for a complete one.
        RotationOutcome<List<TwilioRotation.ApiKeyInfo>> keys = twilio.listApiKeys(admin);
        RotationOutcome<List<TwilioRotation.ApiKeyInfo>> iamKeys = twilio.listIamKeys(admin);
        RotationOutcome<List<TwilioRotation.ApiKeyInfo>> signingKeys = twilio.listSigningKeys(admin);
        RotationOutcome<List<TwilioRotation.SubaccountInfo>> subs = twilio.listSubaccounts(admin);
        for (RotationOutcome<?> out : List.of(keys, iamKeys, signingKeys, subs)) {
            if (!out.isOk()) {
                throw new ProblemException(502, "twilio-unavailable", "Twilio unavailable",
                        "could not list keys and subaccounts: " + out.reason());
            }
        }
        Map<String, String> kinds = new LinkedHashMap<>();
        List<TwilioRotation.ApiKeyInfo> allKeys = new java.util.ArrayList<>();
        for (TwilioRotation.ApiKeyInfo k : keys.value()) {
            kinds.put(k.sid(), "API_KEY");
            allKeys.add(k);
        }
        for (TwilioRotation.ApiKeyInfo k : iamKeys.value()) {
            // Standard and Main keys are in both lists; a key only the IAM API lists is a restricted key.
            if (kinds.putIfAbsent(k.sid(), "RESTRICTED_KEY") == null) {
                allKeys.add(k);
            }
        }
        for (TwilioRotation.ApiKeyInfo k : signingKeys.value()) {
            if (kinds.putIfAbsent(k.sid(), "SIGNING_KEY") == null) {
                allKeys.add(k);
            }
        }
        return record(incidentId, credential.exposureStart(), allKeys, kinds, subs.value(), actor);
    }

    /** Whether a resource may have been made during the exposure: created since it began, or of unknown age. */
    private static boolean since(Instant created, Instant since) {
        return created == null || !created.isBefore(since);
    }

    @Transactional
    List<SuspectView> record(UUID incidentId, Instant since, List<TwilioRotation.ApiKeyInfo> keys,
            Map<String, String> kinds, List<TwilioRotation.SubaccountInfo> subs, String actor) {
        // The replacement key this service created is not suspect.
        List<String> ours = rotations.newKeySids(incidentId);
        int found = 0;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (TwilioRotation.ApiKeyInfo k : keys) {
            // A key Twilio gives no creation date for is shown: it cannot be ruled out.
            if (since(k.dateCreated(), since) && !ours.contains(k.sid()) && !suspects.exists(incidentId, k.sid())) {
                suspects.persist(suspect(incidentId, kinds.getOrDefault(k.sid(), "API_KEY"), k.sid(), k.friendlyName(),
                        k.dateCreated(), now));
                found++;
            }
        }
        for (TwilioRotation.SubaccountInfo s : subs) {
            if (since(s.dateCreated(), since) && !suspects.exists(incidentId, s.sid())) {
                suspects.persist(suspect(incidentId, "SUBACCOUNT", s.sid(), s.friendlyName(), s.dateCreated(), now));
                found++;
            }
        }
        incidents.recordEvent(incidentId, actor, "suspects_listed", Map.of("since", since.toString(),
                "newlyFound", found, "keysSeen", keys.size(), "subaccountsSeen", subs.size()));
        return list(incidentId);
    }

    private static SuspectResource suspect(UUID incidentId, String kind, String sid, String name, Instant created,
            Instant now) {
        SuspectResource s = new SuspectResource();
        s.id = UUID.randomUUID();
        s.incidentId = incidentId;
        s.kind = kind;
        s.sid = sid;
        s.friendlyName = name;
        s.twilioCreatedAt = created;
        s.decision = "PENDING";
        s.foundAt = now;
        return s;
    }

    @Transactional
    public List<SuspectView> list(UUID incidentId) {
        return suspects.of(incidentId).stream().map(SuspectView::of).toList();
    }

    /**
     * DELETE (API keys: deleted in Twilio now) or KEEP (with a note). Subaccounts are closed in the Twilio
     * Console; record KEEP or, once closed there, KEEP with a note saying so.
     */
    public SuspectView decide(UUID incidentId, UUID suspectId, String decision, String note, String actor) {
        IncidentState state = incidents.stateOf(incidentId);
        if (state == IncidentState.CLOSED) {
            throw ProblemException.conflict("illegal-transition", "the incident is closed: its decisions are final");
        }
        SuspectResource s = pending(incidentId, suspectId);
        String d = decision == null ? "" : decision.trim().toUpperCase(Locale.ROOT);
        if (!d.equals("DELETE") && !d.equals("KEEP")) {
            throw ProblemException.invalidField("decision", "decision must be DELETE or KEEP");
        }
        if (d.equals("KEEP") && (note == null || note.isBlank())) {
            throw ProblemException.invalidField("note", "keeping a resource made during the exposure needs a note");
        }
        if (d.equals("DELETE")) {
            if (s.kind.equals("SUBACCOUNT")) {
                throw ProblemException.conflict("not-deletable", "subaccounts are closed in the Twilio Console; then "
                        + "record KEEP with a note");
            }
            CredentialView credential = credentials.view(incidents.credentialOf(incidentId)).orElseThrow();
            TwilioAuth admin = accounts.authFor(credential.accountSid()).orElseThrow(() -> ProblemException.conflict(
                    "no-admin-credential", "deleting a key needs the account's admin credential"));
            RotationOutcome<Void> out = switch (s.kind) {
                case "RESTRICTED_KEY" -> twilio.deleteIamKey(admin, s.sid);
                case "SIGNING_KEY" -> twilio.deleteSigningKey(admin, s.sid);
                default -> twilio.deleteApiKey(admin, s.sid);
            };
            if (!out.isOk() && out.status() != RotationOutcome.Status.NOT_FOUND) {
                throw new ProblemException(502, "twilio-unavailable", "Twilio did not delete the key",
                        out.reason());
            }
        }
        return decided(s.id, d.equals("DELETE") ? "DELETED" : "KEPT", note, actor);
    }

    @Transactional
    SuspectResource pending(UUID incidentId, UUID suspectId) {
        SuspectResource s = suspects.findByIdOptional(suspectId).filter(x -> x.incidentId.equals(incidentId))
                .orElseThrow(() -> ProblemException.notFound("suspect", suspectId));
        if (!s.decision.equals("PENDING")) {
            throw ProblemException.conflict("decided", s.sid + " was already " + s.decision);
        }
        return s;
    }

    @Transactional
    SuspectView decided(UUID suspectId, String decision, String note, String actor) {
        SuspectResource s = suspects.findById(suspectId);
        s.decision = decision;
        s.note = note;
        s.decidedBy = actor;
        s.decidedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sid", s.sid);
        details.put("kind", s.kind);
        details.put("decision", decision);
        if (note != null) {
            details.put("note", note);
        }
        incidents.recordEvent(s.incidentId, actor, "suspect_decided", details);
        return SuspectView.of(s);
    }
}
