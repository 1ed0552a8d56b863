package io.leakresponder.notify;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Notification channels. */
@ApplicationScoped
class ChannelRepository implements PanacheRepositoryBase<Channel, UUID> {

    List<Channel> enabled() {
        return list("enabled", Sort.by("name"));
    }

    List<Channel> all() {
        return listAll(Sort.by("name"));
    }

    boolean nameTaken(String name, UUID except) {
        return count("lower(name) = lower(?1) and id <> ?2", name, except) > 0;
    }
}
