package io.leakresponder.security;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads who a person is, and which dashboard role they get, from an ID token that Quarkus has already verified.
 * The role comes only from the configured group mapping: a provider's own role names are never trusted as ours.
 */
public final class OidcClaims {

    private OidcClaims() {
    }

    /** A person the provider vouches for; {@code role} is empty when none of their groups is mapped. */
    public record ExternalIdentity(String issuer, String subject, String username, Optional<Roles> role) {
    }

    /** The identity in a verified ID token, mapped with the configured claims and groups. */
    public static ExternalIdentity read(JsonWebToken idToken, SessionConfig.Oidc config) {
        Function<String, Object> claims = idToken::getClaim;
        String username = text(claims.apply(config.usernameClaim()));
        if (username == null) {
            username = text(claims.apply("email"));
        }
        return new ExternalIdentity(idToken.getIssuer(), idToken.getSubject(),
                username == null ? null : username.trim().toLowerCase(Locale.ROOT),
                roleFor(groups(claims, config.roleClaim()), config));
    }

    /** The highest role any of the groups is mapped to. */
    static Optional<Roles> roleFor(Set<String> groups, SessionConfig.Oidc config) {
        if (intersects(groups, config.adminGroups())) {
            return Optional.of(Roles.ADMIN);
        }
        if (intersects(groups, config.responderGroups())) {
            return Optional.of(Roles.RESPONDER);
        }
        if (intersects(groups, config.viewerGroups())) {
            return Optional.of(Roles.VIEWER);
        }
        return Optional.empty();
    }

    /** The values at a '/'-separated claim path: a JSON array, a collection or a space-separated string. */
    static Set<String> groups(Function<String, Object> claims, String path) {
        String[] steps = path.split("/");
        Object value = claims.apply(steps[0]);
        for (int i = 1; i < steps.length && value != null; i++) {
            if (value instanceof JsonObject object) {
                value = object.get(steps[i]);
            } else if (value instanceof Map<?, ?> map) {
                value = map.get(steps[i]);
            } else {
                value = null;
            }
        }
        Set<String> groups = new LinkedHashSet<>();
        if (value instanceof JsonArray array) {
            array.forEach(v -> add(groups, text(v)));
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(v -> add(groups, text(v)));
        } else {
            String text = text(value);
            if (text != null) {
                for (String group : text.split("[\\s,]+")) {
                    add(groups, group);
                }
            }
        }
        return groups;
    }

    private static boolean intersects(Set<String> groups, Optional<Set<String>> mapped) {
        return mapped.isPresent() && mapped.get().stream().anyMatch(groups::contains);
    }

    private static void add(Set<String> groups, String group) {
        if (group != null && !group.isBlank()) {
            groups.add(group.trim());
        }
    }

    private static String text(Object value) {
        String text = value instanceof JsonString s
                ? s.getString()
                : value == null || value instanceof JsonValue
                        ? null
                        : value.toString();
        return text == null || text.isBlank() ? null : text;
    }
}
