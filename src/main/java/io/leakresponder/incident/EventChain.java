package io.leakresponder.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The hash chain over incident events: each hash covers the previous hash and every field of the event,
 * with details in a canonical JSON form (sorted keys), so that PostgreSQL's jsonb re-ordering does not matter.
 */
final class EventChain {

    static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private EventChain() {
    }

    /** Details in canonical form: parsed and re-written with sorted keys. */
    static String canonical(String json) {
        try {
            JsonNode tree = CANONICAL.readTree(json);
            Object plain = CANONICAL.treeToValue(tree, Object.class);
            return CANONICAL.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event details are not JSON", e);
        }
    }

    static String hash(String prevHash, UUID incidentId, int seq, Instant at, String actor, String action,
            String stateBefore, String stateAfter, String details) {
        String material = String.join("\n", prevHash, incidentId.toString(), Integer.toString(seq), at.toString(),
                actor, action, String.valueOf(stateBefore), String.valueOf(stateAfter), canonical(details));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(material.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(IncidentEvent e) {
        return hash(e.prevHash, e.incidentId, e.seq, e.at, e.actor, e.action, e.stateBefore, e.stateAfter, e.details);
    }
}
