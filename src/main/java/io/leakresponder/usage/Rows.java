package io.leakresponder.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The rows the audit keeps, one record per table; each table's columns are described in {@link Sources}. Values are
 * copied out of twilio-java resources at once; the resources (message bodies, subaccount auth tokens) are dropped
 * unread.
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
     * Integer, BigDecimal, Instant, LocalDate, Boolean or an enum, stored by name). Implemented by
     * {@link SourceDescriptor}.
     */
    interface Table<R> {
        String name();

        List<String> columns();

        void values(R row, Object[] out);
    }

    /** The message table, by the name the tests and the benchmark use; described in {@link Sources#MESSAGES}. */
    static final Table<MessageRow> MESSAGES = Sources.MESSAGES;
}
