package io.leakresponder.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakresponder.common.ProblemException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FormsTest {

    @Test
    void checkboxesAndYesNoFieldsAreReadOneWayAndOddValuesNameTheField() {
        assertThat(Forms.checked("track", "on")).isTrue();
        assertThat(Forms.checked("track", "TRUE")).isTrue();
        assertThat(Forms.checked("track", null)).isFalse();
        assertThat(Forms.checked("track", " ")).isFalse();
        assertThat(Forms.flag("includeSubaccounts", null, true)).isNull();
        assertThat(Forms.flag("includeSubaccounts", "off", true)).isFalse();
        assertThatThrownBy(() -> Forms.checked("deleteOldKeyNow", "sure"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.extensions()).containsEntry("field", "deleteOldKeyNow");
                });
    }

    @Test
    void blankTextIsNoValueAndIdsThatAreNoUuidNameTheirField() {
        assertThat(Forms.blankToNull("  note ")).isEqualTo("note");
        assertThat(Forms.blankToNull("   ")).isNull();
        UUID id = UUID.randomUUID();
        assertThat(ProblemException.uuidField("consumerId", id.toString())).isEqualTo(id);
        assertThatThrownBy(() -> ProblemException.uuidField("consumerId", "x"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.extensions()).containsEntry("field", "consumerId");
                    assertThat(e.getMessage()).isEqualTo("consumerId must be a UUID");
                });
        assertThatThrownBy(() -> ProblemException.uuidField("id", null)).isInstanceOf(ProblemException.class);
    }
}
