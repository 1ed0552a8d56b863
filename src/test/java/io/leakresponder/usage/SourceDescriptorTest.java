package io.leakresponder.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakresponder.usage.Rows.MessageRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The descriptors: one per source, and a row's values in the order of its columns. */
class SourceDescriptorTest {

    @Test
    void everySourceHasExactlyOneDescriptor() {
        List<UsageSource> described = new ArrayList<>();
        for (SourceDescriptor<?, ?> d : Sources.ALL) {
            described.add(d.source());
        }
        assertThat(described).containsExactlyInAnyOrder(UsageSource.values());
        for (UsageSource source : UsageSource.values()) {
            assertThat(Sources.descriptor(source).source()).isEqualTo(source);
            assertThat(Sources.of(source)).isSameAs(Sources.descriptor(source));
            assertThat(Sources.descriptor(source).table()).isSameAs(Sources.descriptor(source));
        }
        assertThat(UsageStore.ROW_TABLES).doesNotHaveDuplicates().hasSize(UsageSource.values().length);
    }

    @Test
    void valuesFollowTheColumns() {
        Instant sent = Instant.parse("2026-03-01T10:15:30Z");
        MessageRow row = new MessageRow("SM00000000000000000000000000000001", "AC0000000000000000000000000000aa01",
                UsagePeriod.WINDOW, "outbound-api", "+15005550006", "+8823450000", "001", "delivered", 2,
                new BigDecimal("-0.0075"), "USD", 30007, sent);
        Object[] values = new Object[Sources.MESSAGES.columns().size()];

        Sources.MESSAGES.values(row, values);

        List<String> columns = Sources.MESSAGES.columns();
        assertThat(values).hasSize(13);
        assertThat(values[columns.indexOf("sid")]).isEqualTo(row.sid());
        assertThat(values[columns.indexOf("period")]).isEqualTo(UsagePeriod.WINDOW);
        assertThat(values[columns.indexOf("from_number")]).isEqualTo("+15005550006");
        assertThat(values[columns.indexOf("to_number")]).isEqualTo("+8823450000");
        assertThat(values[columns.indexOf("num_segments")]).isEqualTo(2);
        assertThat(values[columns.indexOf("error_code")]).isEqualTo(30007);
        assertThat(values[columns.indexOf("date_sent")]).isEqualTo(sent);
    }

    @Test
    void ordersAreTotalAndSidsOnlyWhereRowsHaveOne() {
        assertThat(Sources.MESSAGES.order()).isEqualTo("date_sent, sid");
        assertThat(Sources.SUBACCOUNTS.order()).isEqualTo("date_created, account_sid");
        assertThat(Sources.SUBACCOUNTS.sidColumn()).isEqualTo("account_sid");
        assertThat(Sources.USAGE_RECORDS.order()).isEqualTo("start_date, account_sid, category");
        assertThat(Sources.USAGE_RECORDS.sidColumn()).isNull();
    }

    @Test
    void refusesATimeColumnTheTableLacks() {
        assertThatThrownBy(() -> messages("date_created", Set.of("from")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("usage_message");
    }

    @Test
    void refusesAFilterThatIsNotAnExportFilter() {
        assertThatThrownBy(() -> messages("sid", Set.of("from", "body")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filters");
    }

    @Test
    void anExportFilterAppliesOnlyToTheSourcesThatNameIt() {
        UsageExportFilter byCountry = UsageExportFilter.of(Map.of("country", "GB"));
        byCountry.requireApplicableTo(UsageSource.MESSAGES);
        byCountry.requireApplicableTo(UsageSource.CALLS);
        assertThatThrownBy(() -> byCountry.requireApplicableTo(UsageSource.MONITOR_EVENTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filter 'country' does not apply to " + UsageSource.MONITOR_EVENTS.slug());
    }

    private static SourceDescriptor<com.twilio.rest.api.v2010.account.Message, MessageRow> messages(String timeColumn,
            Set<String> filters) {
        return new SourceDescriptor<>(UsageSource.MESSAGES, "api", "usage_message", timeColumn, List.of("sid"),
                filters, t -> null, (m, t, countries) -> null, SourceDescriptor.column("sid", MessageRow::sid));
    }
}
