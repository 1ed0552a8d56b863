package io.leakresponder.notify;

import io.leakresponder.incident.Severity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** A notification channel: where messages go and which incident events it wants. Its settings are sealed. */
@Entity
@Table(name = "notification_channel")
class Channel {

    @Id
    UUID id;

    @Column(nullable = false)
    String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    ChannelType type;

    @Column(nullable = false)
    boolean enabled;

    /** Subscribed events, comma-separated names of {@link NoticeEvent}. */
    @Column(nullable = false)
    String events;

    @Enumerated(EnumType.STRING)
    @Column(name = "min_severity", nullable = false)
    Severity minSeverity;

    /** What the API and dashboard show of the receiver: a host, never a full URL (Slack's holds its token). */
    @Column(nullable = false)
    String target;

    @Column(name = "config_ciphertext", nullable = false)
    byte[] configCiphertext;

    @Column(name = "config_key_id", nullable = false)
    String configKeyId;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "created_by", nullable = false)
    String createdBy;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Version
    long version;

    Set<NoticeEvent> eventSet() {
        if (events.isBlank()) {
            return EnumSet.noneOf(NoticeEvent.class);
        }
        return Arrays.stream(events.split(",")).map(NoticeEvent::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(NoticeEvent.class)));
    }

    void setEvents(Set<NoticeEvent> wanted) {
        events = wanted.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    /** Whether this channel wants a message about this event of an incident of this severity. */
    boolean wants(NoticeEvent event, Severity severity) {
        // Severity is ordered most urgent first: CRITICAL has the lowest ordinal.
        return enabled && eventSet().contains(event) && severity.ordinal() <= minSeverity.ordinal();
    }

    /** The associated data that binds the sealed settings to this channel. */
    String sealedFor() {
        return "notification-channel:" + id;
    }

    @Override
    public String toString() {
        return "Channel[" + id + ", " + name + ", " + type + ", target=" + target + "]";
    }
}
