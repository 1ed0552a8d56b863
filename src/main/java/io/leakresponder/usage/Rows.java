package io.leakresponder.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The rows the audit keeps, one record per table, and how each maps to its columns. Values are copied out of
 * twilio-java resources at once; the resources (message bodies, subaccount auth tokens) are dropped unread.
 */
final class Rows {

    private Rows() {
    }

    /** A message's metadata; never its body. */
    record MessageRow(String sid, String accountSid, UsagePeriod period, String direction, String from, String to,
                      String toCountry, String status, Integer numSegments, BigDecimal price, String priceUnit,
                      Integer errorCode, Instant dateSent) {
    }

    /** A call. */
    record CallRow(String sid, String accountSid, UsagePeriod period, String direction, String from, String to,
                   String toCountry, String status, Integer durationSeconds, BigDecimal price, String priceUnit,
                   Instant startTime) {
    }

    /** One category on one day of one account. */
    record UsageRecordRow(String accountSid, String category, LocalDate startDate, LocalDate endDate,
                          UsagePeriod period, String description, BigDecimal count, String countUnit,
                          BigDecimal usage, String usageUnit, BigDecimal price, String priceUnit) {
    }

    /** A Monitor Event; {@code changedFields} names what an update changed, never the values. */
    record EventRow(String sid, String accountSid, String eventType, String actorType, String actorSid,
                    String source, String sourceIp, String resourceType, String resourceSid, Instant eventDate,
                    String description, String changedFields) {
    }

    /** A Monitor Alert, without alert text and request details. */
    record AlertRow(String sid, String accountSid, String errorCode, String logLevel, String requestMethod,
                    String requestUrl, String resourceSid, String serviceSid, Instant dateGenerated,
                    String moreInfo) {
    }

    /** An account the audit covers; never its auth token. */
    record AccountRow(String sid, boolean main, String friendlyName, String status, String ownerAccountSid,
                      Instant dateCreated) {
    }

    /**
     * A table of rows: its columns after {@code audit_id}, in order, and a row's values in that order (String,
     * Integer, BigDecimal, Instant, LocalDate, Boolean or an enum, stored by name).
     */
    interface Table<R> {
        String name();

        List<String> columns();

        void values(R row, Object[] out);
    }

    static final Table<MessageRow> MESSAGES = new Table<>() {
        private final List<String> columns = List.of("sid", "account_sid", "period", "direction", "from_number",
                "to_number", "to_country", "status", "num_segments", "price", "price_unit", "error_code",
                "date_sent");

        @Override
        public String name() {
            return "usage_message";
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public void values(MessageRow r, Object[] o) {
            o[0] = r.sid();
            o[1] = r.accountSid();
            o[2] = r.period();
            o[3] = r.direction();
            o[4] = r.from();
            o[5] = r.to();
            o[6] = r.toCountry();
            o[7] = r.status();
            o[8] = r.numSegments();
            o[9] = r.price();
            o[10] = r.priceUnit();
            o[11] = r.errorCode();
            o[12] = r.dateSent();
        }
    };

    static final Table<CallRow> CALLS = new Table<>() {
        private final List<String> columns = List.of("sid", "account_sid", "period", "direction", "from_number",
                "to_number", "to_country", "status", "duration_s", "price", "price_unit", "start_time");

        @Override
        public String name() {
            return "usage_call";
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public void values(CallRow r, Object[] o) {
            o[0] = r.sid();
            o[1] = r.accountSid();
            o[2] = r.period();
            o[3] = r.direction();
            o[4] = r.from();
            o[5] = r.to();
            o[6] = r.toCountry();
            o[7] = r.status();
            o[8] = r.durationSeconds();
            o[9] = r.price();
            o[10] = r.priceUnit();
            o[11] = r.startTime();
        }
    };

    static final Table<UsageRecordRow> USAGE_RECORDS = new Table<>() {
        private final List<String> columns = List.of("account_sid", "category", "start_date", "end_date", "period",
                "description", "count", "count_unit", "usage", "usage_unit", "price", "price_unit");

        @Override
        public String name() {
            return "usage_record_row";
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public void values(UsageRecordRow r, Object[] o) {
            o[0] = r.accountSid();
            o[1] = r.category();
            o[2] = r.startDate();
            o[3] = r.endDate();
            o[4] = r.period();
            o[5] = r.description();
            o[6] = r.count();
            o[7] = r.countUnit();
            o[8] = r.usage();
            o[9] = r.usageUnit();
            o[10] = r.price();
            o[11] = r.priceUnit();
        }
    };

    static final Table<EventRow> EVENTS = new Table<>() {
        private final List<String> columns = List.of("sid", "account_sid", "event_type", "actor_type", "actor_sid",
                "source", "source_ip", "resource_type", "resource_sid", "event_date", "description",
                "changed_fields");

        @Override
        public String name() {
            return "usage_monitor_event";
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public void values(EventRow r, Object[] o) {
            o[0] = r.sid();
            o[1] = r.accountSid();
            o[2] = r.eventType();
            o[3] = r.actorType();
            o[4] = r.actorSid();
            o[5] = r.source();
            o[6] = r.sourceIp();
            o[7] = r.resourceType();
            o[8] = r.resourceSid();
            o[9] = r.eventDate();
            o[10] = r.description();
            o[11] = r.changedFields();
        }
    };

    static final Table<AlertRow> ALERTS = new Table<>() {
        private final List<String> columns = List.of("sid", "account_sid", "error_code", "log_level",
                "request_method", "request_url", "resource_sid", "service_sid", "date_generated", "more_info");

        @Override
        public String name() {
            return "usage_alert";
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public void values(AlertRow r, Object[] o) {
            o[0] = r.sid();
            o[1] = r.accountSid();
            o[2] = r.errorCode();
            o[3] = r.logLevel();
            o[4] = r.requestMethod();
            o[5] = r.requestUrl();
            o[6] = r.resourceSid();
            o[7] = r.serviceSid();
            o[8] = r.dateGenerated();
            o[9] = r.moreInfo();
        }
    };

    static final Table<AccountRow> ACCOUNTS = new Table<>() {
        private final List<String> columns = List.of("account_sid", "main", "friendly_name", "status",
                "owner_account_sid", "date_created");

        @Override
        public String name() {
            return "usage_account";
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public void values(AccountRow r, Object[] o) {
            o[0] = r.sid();
            o[1] = r.main();
            o[2] = r.friendlyName();
            o[3] = r.status();
            o[4] = r.ownerAccountSid();
            o[5] = r.dateCreated();
        }
    };
}
