package io.leakresponder.credential;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Records where each credential was found, once per place: a report that repeats a finding adds nothing. */
@ApplicationScoped
class OccurrenceRecorder {

    private final OccurrenceRepository occurrences;

    OccurrenceRecorder(OccurrenceRepository occurrences) {
        this.occurrences = occurrences;
    }

    /**
     * Records the occurrences a report brings, per credential, skipping those a credential already has (same
     * scanner, rule, place, commit, link). One lookup and one batched insert for the whole report.
     *
     * @return per credential, how many occurrences were new
     */
    @Transactional
    Map<UUID, Integer> record(UUID reportId, Map<UUID, List<OccurrenceData>> byCredential, Instant now) {
        Map<UUID, Map<String, OccurrenceData>> keyed = new LinkedHashMap<>();
        Set<String> allKeys = new java.util.HashSet<>();
        byCredential.forEach((credentialId, found) -> {
            Map<String, OccurrenceData> byKey = new LinkedHashMap<>();
            for (OccurrenceData o : found) {
                byKey.putIfAbsent(dedupKey(o), o);
            }
            keyed.put(credentialId, byKey);
            allKeys.addAll(byKey.keySet());
        });
        Set<String> existing = keyed.isEmpty() ? Set.of() : occurrences.existingPairs(keyed.keySet(), allKeys);
        List<Occurrence> added = new ArrayList<>();
        Map<UUID, Integer> counts = new LinkedHashMap<>();
        keyed.forEach((credentialId, byKey) -> {
            int n = 0;
            for (Map.Entry<String, OccurrenceData> entry : byKey.entrySet()) {
                if (existing.contains(credentialId + "/" + entry.getKey())) {
                    continue;
                }
                added.add(occurrence(credentialId, reportId, entry.getKey(), entry.getValue(), now));
                n++;
            }
            counts.put(credentialId, n);
        });
        occurrences.insertAll(added);
        return counts;
    }

    private static Occurrence occurrence(UUID credentialId, UUID reportId, String key, OccurrenceData d,
            Instant now) {
        Occurrence o = new Occurrence();
        o.id = UUID.randomUUID();
        o.credentialId = credentialId;
        o.reportId = reportId;
        o.dedupKey = key;
        o.scanner = d.scanner();
        o.rule = d.rule();
        o.repository = d.repository();
        o.file = d.file();
        o.line = d.line();
        o.commit = d.commit();
        o.author = d.author();
        o.commitDate = d.commitDate();
        o.link = d.link();
        o.detectedAt = d.detectedAt();
        o.scannerValidity = d.scannerValidity();
        o.recordedAt = now;
        return o;
    }

    static String dedupKey(OccurrenceData o) {
        String joined = String.join("\u001f", String.valueOf(o.scanner()), String.valueOf(o.rule()),
                String.valueOf(o.repository()), String.valueOf(o.file()), String.valueOf(o.line()),
                String.valueOf(o.commit()), String.valueOf(o.link()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(joined.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
