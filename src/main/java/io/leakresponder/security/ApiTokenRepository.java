package io.leakresponder.security;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Storage of API tokens. */
@ApplicationScoped
class ApiTokenRepository implements PanacheRepositoryBase<ApiToken, UUID> {

    Optional<ApiToken> findByLookupId(String lookupId) {
        return find("lookupId", lookupId).firstResultOptional();
    }

    List<ApiToken> listNewestFirst() {
        return list("order by createdAt desc");
    }
}
