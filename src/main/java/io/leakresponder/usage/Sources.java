package io.leakresponder.usage;

import static io.leakresponder.usage.SourceDescriptor.column;

import com.twilio.base.Reader;
import com.twilio.base.Resource;
import com.twilio.rest.api.v2010.Account;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.usage.record.Daily;
import com.twilio.rest.monitor.v1.Alert;
import com.twilio.rest.monitor.v1.Event;
import com.twilio.type.PhoneNumber;
import io.leakresponder.usage.Rows.AccountRow;
import io.leakresponder.usage.Rows.AlertRow;
import io.leakresponder.usage.Rows.CallRow;
import io.leakresponder.usage.Rows.EventRow;
import io.leakresponder.usage.Rows.MessageRow;
import io.leakresponder.usage.Rows.UsageRecordRow;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Each source's {@link SourceDescriptor}: its table and columns, how it is read with twilio-java (reader, filters,
 * PageSize 1000) and how one resource becomes a row.
 * Date filters are applied by Twilio and again here. Messages' {@code DateSent} and Calls' {@code StartTime} filters
 * are documented as GMT dates ({@code YYYY-MM-DD}, inclusive); whether Twilio honours a time of day there is not.
 * So they ask for whole UTC days, from the midnight at or before the range's start to the midnight after its end,
 * and the rows outside the range are counted and dropped here: the range's last day (today, for an open window)
 * is never cut off at midnight.
 */
final class Sources {

    /** Twilio's largest page. */
    static final long PAGE_SIZE = 1000;

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_CHANGED_FIELDS = 20;

    private Sources() {
    }

    /**
     * What one pull reads.
     *
     * @param period     WINDOW or BASELINE for messages and calls, BASELINE_AND_WINDOW for usage records
     * @param rangeStart first instant to read (for monitor sources already cut to retention)
     * @param rangeEnd   last instant to read
     * @param mainAccountSid the audited account (subaccount rows are told apart from it)
     */
    record Target(UUID auditId, UsageSource source, String accountSid, UsagePeriod period, Instant rangeStart,
            Instant rangeEnd, AuditWindow window, String mainAccountSid) {

        /** Whether a row's time falls in the range: baseline excludes its end (the window's start), window does not. */
        boolean inRange(Instant t) {
            if (t == null) {
                return true; // Twilio's filter selected it; without a date it cannot be placed more precisely
            }
            if (t.isBefore(rangeStart)) {
                return false;
            }
            return period == UsagePeriod.BASELINE ? t.isBefore(rangeEnd) : !t.isAfter(rangeEnd);
        }
    }

    /**
     * What {@link PagePuller} needs of a source: its reader with filters, the host its next-page URLs use, its table
     * and its row mapping. Implemented by {@link SourceDescriptor}.
     */
    interface Spec<R extends Resource, W> {
        UsageSource source();

        /** Twilio host of the source's next-page URLs ({@code api} or {@code monitor}). */
        String domain();

        Rows.Table<W> table();

        Reader<R> reader(Target target);

        /** The row, or null when the resource lies outside the target's range (or is the main account itself). */
        W map(R resource, Target target, Countries countries);
    }

    static final SourceDescriptor<Message, MessageRow> MESSAGES = new SourceDescriptor<>(UsageSource.MESSAGES, "api",
            "usage_message", "date_sent", List.of("sid"),
            Set.of("period", "accountSid", "country", "prefix", "direction", "from", "to"),
            t -> Message.reader(t.accountSid())
                    .setDateSentAfter(dayOf(t.rangeStart()))
                    .setDateSentBefore(dayAfter(t.rangeEnd()))
                    .setPageSize(PAGE_SIZE),
            (m, t, countries) -> {
                Instant sent = instant(m.getDateSent());
                if (!t.inRange(sent != null ? sent : instant(m.getDateCreated()))) {
                    return null;
                }
                String to = m.getTo();
                // The body is never read: only metadata leaves the SDK object.
                return new MessageRow(m.getSid(), m.getAccountSid(), t.period(), text(m.getDirection()),
                        endpoint(m.getFrom()), to, countries.of(to), text(m.getStatus()), integer(m.getNumSegments()),
                        decimal(m.getPrice()), text(m.getPriceUnit()), m.getErrorCode(), sent);
            },
            column("sid", MessageRow::sid), column("account_sid", MessageRow::accountSid),
            column("period", MessageRow::period), column("direction", MessageRow::direction),
            column("from_number", MessageRow::from), column("to_number", MessageRow::to),
            column("to_country", MessageRow::toCountry), column("status", MessageRow::status),
            column("num_segments", MessageRow::numSegments), column("price", MessageRow::price),
            column("price_unit", MessageRow::priceUnit), column("error_code", MessageRow::errorCode),
            column("date_sent", MessageRow::dateSent));

    static final SourceDescriptor<Call, CallRow> CALLS = new SourceDescriptor<>(UsageSource.CALLS, "api",
            "usage_call", "start_time", List.of("sid"),
            Set.of("period", "accountSid", "country", "prefix", "direction", "from", "to"),
            t -> Call.reader(t.accountSid())
                    .setStartTimeAfter(dayOf(t.rangeStart()))
                    .setStartTimeBefore(dayAfter(t.rangeEnd()))
                    .setPageSize(PAGE_SIZE),
            (c, t, countries) -> {
                Instant started = instant(c.getStartTime());
                if (!t.inRange(started != null ? started : instant(c.getDateCreated()))) {
                    return null;
                }
                String to = c.getTo();
                return new CallRow(c.getSid(), c.getAccountSid(), t.period(), c.getDirection(), c.getFrom(), to,
                        countries.of(to), text(c.getStatus()), integer(c.getDuration()), decimal(c.getPrice()),
                        text(c.getPriceUnit()), started);
            },
            column("sid", CallRow::sid), column("account_sid", CallRow::accountSid), column("period", CallRow::period),
            column("direction", CallRow::direction), column("from_number", CallRow::from),
            column("to_number", CallRow::to), column("to_country", CallRow::toCountry),
            column("status", CallRow::status), column("duration_s", CallRow::durationSeconds),
            column("price", CallRow::price), column("price_unit", CallRow::priceUnit),
            column("start_time", CallRow::startTime));

    static final SourceDescriptor<Daily, UsageRecordRow> USAGE_RECORDS = new SourceDescriptor<>(
            UsageSource.USAGE_RECORDS, "api", "usage_record_row", "start_date", List.of("account_sid", "category"),
            Set.of("period", "accountSid", "category"),
            // Each account is pulled on its own, so subaccounts are never counted twice in a main account's totals.
            t -> Daily.reader(t.accountSid())
                    .setStartDate(t.window().firstDay())
                    .setEndDate(t.window().lastDay())
                    .setIncludeSubaccounts(false)
                    .setPageSize(PAGE_SIZE),
            (d, t, countries) -> {
                LocalDate day = d.getStartDate();
                if (day == null || d.getCategory() == null || day.isBefore(t.window().firstDay())
                        || day.isAfter(t.window().lastDay())) {
                    return null;
                }
                String account = d.getAccountSid() == null ? t.accountSid() : d.getAccountSid();
                return new UsageRecordRow(account, d.getCategory(), day, d.getEndDate(), t.window().periodOf(day),
                        d.getDescription(), decimal(d.getCount()), d.getCountUnit(), decimal(d.getUsage()),
                        d.getUsageUnit(), d.getPrice(), text(d.getPriceUnit()));
            },
            column("account_sid", UsageRecordRow::accountSid), column("category", UsageRecordRow::category),
            column("start_date", UsageRecordRow::startDate), column("end_date", UsageRecordRow::endDate),
            column("period", UsageRecordRow::period), column("description", UsageRecordRow::description),
            column("count", UsageRecordRow::count), column("count_unit", UsageRecordRow::countUnit),
            column("usage", UsageRecordRow::usage), column("usage_unit", UsageRecordRow::usageUnit),
            column("price", UsageRecordRow::price), column("price_unit", UsageRecordRow::priceUnit));

    static final SourceDescriptor<Event, EventRow> EVENTS = new SourceDescriptor<>(UsageSource.MONITOR_EVENTS,
            "monitor", "usage_monitor_event", "event_date", List.of("sid"),
            Set.of("accountSid", "sourceIp", "eventType", "from", "to"),
            // UTC on purpose: the SDK formats these date-times without a zone and without converting them; the
            // transport adds the Z that Monitor's ISO 8601 filters carry.
            t -> Event.reader()
                    .setStartDate(utc(t.rangeStart()))
                    .setEndDate(utc(t.rangeEnd()))
                    .setPageSize(PAGE_SIZE),
            (e, t, countries) -> {
                Instant at = instant(e.getEventDate());
                if (!t.inRange(at)) {
                    return null;
                }
                String account = e.getAccountSid() == null ? t.accountSid() : e.getAccountSid();
                return new EventRow(e.getSid(), account, e.getEventType(), e.getActorType(), e.getActorSid(),
                        e.getSource(), e.getSourceIpAddress(), e.getResourceType(), e.getResourceSid(), at,
                        e.getDescription(), changedFields(e.getEventData()));
            },
            column("sid", EventRow::sid), column("account_sid", EventRow::accountSid),
            column("event_type", EventRow::eventType), column("actor_type", EventRow::actorType),
            column("actor_sid", EventRow::actorSid), column("source", EventRow::source),
            column("source_ip", EventRow::sourceIp), column("resource_type", EventRow::resourceType),
            column("resource_sid", EventRow::resourceSid), column("event_date", EventRow::eventDate),
            column("description", EventRow::description), column("changed_fields", EventRow::changedFields));

    static final SourceDescriptor<Alert, AlertRow> ALERTS = new SourceDescriptor<>(UsageSource.MONITOR_ALERTS,
            "monitor", "usage_alert", "date_generated", List.of("sid"), Set.of("accountSid", "errorCode", "from", "to"),
            t -> Alert.reader()
                    .setStartDate(utc(t.rangeStart()))
                    .setEndDate(utc(t.rangeEnd()))
                    .setPageSize(PAGE_SIZE),
            (a, t, countries) -> {
                Instant at = instant(a.getDateGenerated());
                if (!t.inRange(at)) {
                    return null;
                }
                String account = a.getAccountSid() == null ? t.accountSid() : a.getAccountSid();
                return new AlertRow(a.getSid(), account, a.getErrorCode(), a.getLogLevel(),
                        a.getRequestMethod() == null ? null : a.getRequestMethod().toString(),
                        withoutSecrets(a.getRequestUrl()), a.getResourceSid(), a.getServiceSid(), at,
                        a.getMoreInfo());
            },
            column("sid", AlertRow::sid), column("account_sid", AlertRow::accountSid),
            column("error_code", AlertRow::errorCode), column("log_level", AlertRow::logLevel),
            column("request_method", AlertRow::requestMethod), column("request_url", AlertRow::requestUrl),
            column("resource_sid", AlertRow::resourceSid), column("service_sid", AlertRow::serviceSid),
            column("date_generated", AlertRow::dateGenerated), column("more_info", AlertRow::moreInfo));

    static final SourceDescriptor<Account, AccountRow> SUBACCOUNTS = new SourceDescriptor<>(UsageSource.SUBACCOUNTS,
            "api", "usage_account", "date_created", List.of("account_sid"), Set.of("accountSid"),
            t -> Account.reader().setPageSize(PAGE_SIZE),
            (a, t, countries) -> {
                // The listing includes the authenticating account itself and each subaccount's auth token; neither
                // is kept.
                if (a.getSid() == null || a.getSid().equalsIgnoreCase(t.mainAccountSid())) {
                    return null;
                }
                return new AccountRow(a.getSid(), false, a.getFriendlyName(), text(a.getStatus()),
                        a.getOwnerAccountSid(), instant(a.getDateCreated()));
            },
            column("account_sid", AccountRow::sid), column("main", AccountRow::main),
            column("friendly_name", AccountRow::friendlyName), column("status", AccountRow::status),
            column("owner_account_sid", AccountRow::ownerAccountSid),
            column("date_created", AccountRow::dateCreated));

    /** Every source's descriptor, in the order its rows are deleted and counted. */
    static final List<SourceDescriptor<?, ?>> ALL = List.of(MESSAGES, CALLS, USAGE_RECORDS, EVENTS, ALERTS,
            SUBACCOUNTS);

    private static final Map<UsageSource, SourceDescriptor<?, ?>> BY_SOURCE = bySource();

    private static Map<UsageSource, SourceDescriptor<?, ?>> bySource() {
        Map<UsageSource, SourceDescriptor<?, ?>> m = new EnumMap<>(UsageSource.class);
        for (SourceDescriptor<?, ?> d : ALL) {
            if (m.put(d.source(), d) != null) {
                throw new IllegalStateException("two descriptors for " + d.source());
            }
        }
        if (m.size() != UsageSource.values().length) {
            throw new IllegalStateException("a usage source without a descriptor");
        }
        return m;
    }

    /** The descriptor of a source. */
    static SourceDescriptor<?, ?> descriptor(UsageSource source) {
        return BY_SOURCE.get(source);
    }

    /** A source as the puller reads it. */
    static Spec<?, ?> of(UsageSource source) {
        return descriptor(source);
    }

    // ---- conversions ----

    static ZonedDateTime utc(Instant t) {
        return t.atZone(ZoneOffset.UTC);
    }

    /** The UTC midnight at or before {@code t}: a date filter from it covers {@code t}'s whole day. */
    static ZonedDateTime dayOf(Instant t) {
        return utc(t).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    }

    /** The first UTC midnight after {@code t}: a date filter up to it covers {@code t}'s whole day. */
    static ZonedDateTime dayAfter(Instant t) {
        return dayOf(t).plusDays(1);
    }

    static Instant instant(ZonedDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String endpoint(PhoneNumber number) {
        return number == null ? null : number.getEndpoint();
    }

    /** Twilio sends counts and prices as strings; anything unreadable is kept as null rather than failing a page. */
    static Integer integer(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            BigDecimal d = decimal(s);
            return d == null ? null : d.intValue();
        }
    }

    static BigDecimal decimal(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The names of the fields an update changed, from {@code event_data} of whatever shape: the keys of its
     * {@code updated} and {@code previous} members, or its own keys. Values are never kept.
     */
    static String changedFields(Object eventData) {
        if (!(eventData instanceof Map<?, ?> data) || data.isEmpty()) {
            return null;
        }
        TreeSet<String> names = new TreeSet<>();
        boolean nested = false;
        for (String member : new String[]{"updated", "previous"}) {
            if (data.get(member) instanceof Map<?, ?> values) {
                nested = true;
                addNames(names, values.keySet());
            }
        }
        if (!nested) {
            addNames(names, data.keySet());
        }
        return names.isEmpty() ? null : String.join(",", names);
    }

    private static void addNames(TreeSet<String> names, Collection<?> keys) {
        for (Object key : keys) {
            if (names.size() >= MAX_CHANGED_FIELDS) {
                return;
            }
            if (key instanceof String s && FIELD_NAME.matcher(s).matches()) {
                names.add(s);
            }
        }
    }

    /** An alert's request URL without user info, query or fragment: webhook URLs may carry credentials there. */
    static String withoutSecrets(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI u = URI.create(url.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            String port = u.getPort() < 0 ? "" : ":" + u.getPort();
            return u.getScheme() + "://" + u.getHost() + port + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
