package io.leakresponder.security;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
class AppUserRepository implements PanacheRepositoryBase<AppUser, UUID> {

    Optional<AppUser> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    /** Locks the user's row until the transaction ends and reloads it, so its counters are the latest. */
    void lockAndRefresh(AppUser user) {
        getEntityManager().refresh(user, LockModeType.PESSIMISTIC_WRITE);
    }

    Optional<AppUser> findByExternal(String issuer, String subject) {
        return find("externalIssuer = ?1 and externalSubject = ?2", issuer, subject).firstResultOptional();
    }

    List<AppUser> listByName() {
        return list("order by username");
    }

    boolean anyAdmin() {
        return count("role = 'admin' and disabledAt is null") > 0;
    }
}
