package io.leakresponder.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OidcClaimsTest {

    private static final SessionConfig.Oidc MAPPING = new SessionConfig.Oidc() {
        @Override
        public String roleClaim() {
            return "groups";
        }

        @Override
        public Optional<Set<String>> adminGroups() {
            return Optional.of(Set.of("sec-admins"));
        }

        @Override
        public Optional<Set<String>> responderGroups() {
            return Optional.of(Set.of("sec-responders"));
        }

        @Override
        public Optional<Set<String>> viewerGroups() {
            return Optional.of(Set.of("sec-readers", "auditors"));
        }

        @Override
        public String usernameClaim() {
            return "preferred_username";
        }
    };

    @Test
    void theHighestMappedGroupWinsAndUnmappedGroupsGiveNothing() {
        assertThat(OidcClaims.roleFor(Set.of("auditors", "sec-responders"), MAPPING)).contains(Roles.RESPONDER);
        assertThat(OidcClaims.roleFor(Set.of("sec-admins", "auditors"), MAPPING)).contains(Roles.ADMIN);
        assertThat(OidcClaims.roleFor(Set.of("auditors"), MAPPING)).contains(Roles.VIEWER);
        // The provider's own "admin" means nothing here: only the configured groups count.
        assertThat(OidcClaims.roleFor(Set.of("admin", "everyone"), MAPPING)).isEmpty();
        assertThat(OidcClaims.roleFor(Set.of(), MAPPING)).isEmpty();
    }

    @Test
    void groupsAreReadFromArraysStringsAndNestedClaims() {
        Map<String, Object> claims = Map.of(
                "groups", Set.of("a", "b"),
                "json", Json.createArrayBuilder().add("c").add("d").build(),
                "scope", "e f,g",
                "realm_access", Json.createObjectBuilder().add("roles", Json.createArrayBuilder().add("h")).build(),
                "nested", Map.of("roles", List.of("i")));
        assertThat(OidcClaims.groups(claims::get, "groups")).containsExactlyInAnyOrder("a", "b");
        assertThat(OidcClaims.groups(claims::get, "json")).containsExactly("c", "d");
        assertThat(OidcClaims.groups(claims::get, "scope")).containsExactly("e", "f", "g");
        assertThat(OidcClaims.groups(claims::get, "realm_access/roles")).containsExactly("h");
        assertThat(OidcClaims.groups(claims::get, "nested/roles")).containsExactly("i");
        assertThat(OidcClaims.groups(claims::get, "missing")).isEmpty();
        assertThat(OidcClaims.groups(claims::get, "scope/deeper")).isEmpty();
    }
}
