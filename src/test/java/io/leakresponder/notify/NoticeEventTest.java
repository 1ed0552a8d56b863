package io.leakresponder.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakresponder.incident.IncidentEventRecorded;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NoticeEventTest {

    static Optional<NoticeEvent> of(String action, String before, Map<String, Object> details) {
        return NoticeEvent.of(new IncidentEventRecorded(UUID.randomUUID(), 3, action, before, before, details));
    }

    @Test
    void milestonesNotify() {
        assertThat(of("opened", null, Map.of())).contains(NoticeEvent.OPENED);
        assertThat(of("contained", "ACKNOWLEDGED", Map.of())).contains(NoticeEvent.CONTAINED);
        assertThat(of("closed", "OPEN", Map.of())).contains(NoticeEvent.CLOSED);
        assertThat(of("reopened", "CLOSED", Map.of())).contains(NoticeEvent.REOPENED);
    }

    @Test
    void becomingLiveNotifiesOnceNotOnEveryLiveCheck() {
        assertThat(of("liveness_checked", "OPEN", Map.of("verdict", "LIVE"))).contains(NoticeEvent.BECAME_LIVE);
        assertThat(of("liveness_checked", "OPEN", Map.of("verdict", "LIVE", "previousVerdict", "NOT_LIVE")))
                .contains(NoticeEvent.BECAME_LIVE);
        assertThat(of("liveness_checked", "OPEN", Map.of("verdict", "LIVE", "previousVerdict", "LIVE"))).isEmpty();
        assertThat(of("liveness_checked", "OPEN", Map.of("verdict", "NOT_LIVE"))).isEmpty();
    }

    @Test
    void aRegressionOfAnOpenIncidentNotifiesAndAReopenedOneOnlyOnce() {
        assertThat(of("credential_working_again", "CONTAINED", Map.of())).contains(NoticeEvent.REOPENED);
        assertThat(of("credential_working_again", "CLOSED", Map.of())).isEmpty();
    }

    @Test
    void occurrencesAndEverydayEventsStayQuiet() {
        for (String action : new String[]{"occurrences_added", "seen_after_close", "acknowledged",
                "consumer_added", "severity_changed", "ticket_linked"}) {
            assertThat(of(action, "OPEN", Map.of())).as(action).isEmpty();
        }
    }
}
