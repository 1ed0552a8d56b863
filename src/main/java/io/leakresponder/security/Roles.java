package io.leakresponder.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The roles an API token or user may have, and what each implies. */
public enum Roles {
    VIEWER("viewer"), RESPONDER("responder"), ADMIN("admin"), INGEST("ingest");

    public static final String VIEWER_ROLE = "viewer";
    public static final String RESPONDER_ROLE = "responder";
    public static final String ADMIN_ROLE = "admin";
    public static final String INGEST_ROLE = "ingest";

    private final String id;

    Roles(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * Roles granted by this role. Admin can do everything a responder can, a responder everything a viewer can.
     * Ingest may only post findings, for CI pipelines; responders and admins may post findings too.
     */
    public Set<String> granted() {
        return switch (this) {
            case VIEWER -> Set.of(VIEWER_ROLE);
            case RESPONDER -> Set.of(VIEWER_ROLE, RESPONDER_ROLE, INGEST_ROLE);
            case ADMIN -> Set.of(VIEWER_ROLE, RESPONDER_ROLE, INGEST_ROLE, ADMIN_ROLE);
            case INGEST -> Set.of(INGEST_ROLE);
        };
    }

    public static Optional<Roles> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.id.equals(wanted)).findFirst();
    }
}
