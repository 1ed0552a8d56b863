package io.leakresponder.usage;

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
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How each source is read with twilio-java (reader, filters, PageSize 1000) and how one resource becomes a row.
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

    /** One source: its reader with filters, the host its next-page URLs use, its table and its row mapping. */
    interface Spec<R extends Resource, W> {
        UsageSource source();

        /** Twilio host of the source's next-page URLs ({@code api} or {@code monitor}). */
        String domain();

        Rows.Table<W> table();

        Reader<R> reader(Target target);

        /** The row, or null when the resource lies outside the target's range (or is the main account itself). */
        W map(R resource, Target target, Countries countries);
    }

    static Spec<?, ?> of(UsageSource source) {
        return switch (source) {
            case MESSAGES -> MESSAGES;
            case CALLS -> CALLS;
            case USAGE_RECORDS -> USAGE_RECORDS;
            case MONITOR_EVENTS -> EVENTS;
            case MONITOR_ALERTS -> ALERTS;
            case SUBACCOUNTS -> SUBACCOUNTS;
        };
    }

    static final Spec<Message, MessageRow> MESSAGES = new Spec<>() {
        @Override
        public UsageSource source() {
            return UsageSource.MESSAGES;
        }

        @Override
        public String domain() {
            return "api";
        }

        @Override
        public Rows.Table<MessageRow> table() {
            return Rows.MESSAGES;
        }

        @Override
        public Reader<Message> reader(Target t) {
            return Message.reader(t.accountSid())
                    .setDateSentAfter(dayOf(t.rangeStart()))
                    .setDateSentBefore(dayAfter(t.rangeEnd()))
                    .setPageSize(PAGE_SIZE);
        }

        @Override
        public MessageRow map(Message m, Target t, Countries countries) {
            Instant sent = instant(m.getDateSent());
            if (!t.inRange(sent != null ? sent : instant(m.getDateCreated()))) {
                return null;
            }
            String to = m.getTo();
            // The body is never read: only metadata leaves the SDK object.
            return new MessageRow(m.getSid(), m.getAccountSid(), t.period(), text(m.getDirection()),
                    endpoint(m.getFrom()), to, countries.of(to), text(m.getStatus()), integer(m.getNumSegments()),
                    decimal(m.getPrice()), text(m.getPriceUnit()), m.getErrorCode(), sent);
        }
    };

    static final Spec<Call, CallRow> CALLS = new Spec<>() {
        @Override
        public UsageSource source() {
            return UsageSource.CALLS;
        }

        @Override
        public String domain() {
            return "api";
        }

        @Override
        public Rows.Table<CallRow> table() {
            return Rows.CALLS;
        }

        @Override
        public Reader<Call> reader(Target t) {
            return Call.reader(t.accountSid())
                    .setStartTimeAfter(dayOf(t.rangeStart()))
                    .setStartTimeBefore(dayAfter(t.rangeEnd()))
                    .setPageSize(PAGE_SIZE);
        }

        @Override
        public CallRow map(Call c, Target t, Countries countries) {
            Instant started = instant(c.getStartTime());
            if (!t.inRange(started != null ? started : instant(c.getDateCreated()))) {
                return null;
            }
            String to = c.getTo();
            return new CallRow(c.getSid(), c.getAccountSid(), t.period(), c.getDirection(), c.getFrom(), to,
                    countries.of(to), text(c.getStatus()), integer(c.getDuration()), decimal(c.getPrice()),
                    text(c.getPriceUnit()), started);
        }
    };

    static final Spec<Daily, UsageRecordRow> USAGE_RECORDS = new Spec<>() {
        @Override
        public UsageSource source() {
            return UsageSource.USAGE_RECORDS;
        }

        @Override
        public String domain() {
            return "api";
        }

        @Override
        public Rows.Table<UsageRecordRow> table() {
            return Rows.USAGE_RECORDS;
        }

        @Override
        public Reader<Daily> reader(Target t) {
            // Each account is pulled on its own, so subaccounts are never counted twice in a main account's totals.
            return Daily.reader(t.accountSid())
                    .setStartDate(t.window().firstDay())
                    .setEndDate(t.window().lastDay())
                    .setIncludeSubaccounts(false)
                    .setPageSize(PAGE_SIZE);
        }

        @Override
        public UsageRecordRow map(Daily d, Target t, Countries countries) {
            LocalDate day = d.getStartDate();
            if (day == null || d.getCategory() == null || day.isBefore(t.window().firstDay())
                    || day.isAfter(t.window().lastDay())) {
                return null;
            }
            String account = d.getAccountSid() == null ? t.accountSid() : d.getAccountSid();
            return new UsageRecordRow(account, d.getCategory(), day, d.getEndDate(), t.window().periodOf(day),
                    d.getDescription(), decimal(d.getCount()), d.getCountUnit(), decimal(d.getUsage()),
                    d.getUsageUnit(), d.getPrice(), text(d.getPriceUnit()));
        }
    };

    static final Spec<Event, EventRow> EVENTS = new Spec<>() {
        @Override
        public UsageSource source() {
            return UsageSource.MONITOR_EVENTS;
        }

        @Override
        public String domain() {
            return "monitor";
        }

        @Override
        public Rows.Table<EventRow> table() {
            return Rows.EVENTS;
        }

        @Override
        public Reader<Event> reader(Target t) {
            // UTC on purpose: the SDK formats these date-times without a zone and without converting them; the
            // transport adds the Z that Monitor's ISO 8601 filters carry.
            return Event.reader()
                    .setStartDate(utc(t.rangeStart()))
                    .setEndDate(utc(t.rangeEnd()))
                    .setPageSize(PAGE_SIZE);
        }

        @Override
        public EventRow map(Event e, Target t, Countries countries) {
            Instant at = instant(e.getEventDate());
            if (!t.inRange(at)) {
                return null;
            }
            String account = e.getAccountSid() == null ? t.accountSid() : e.getAccountSid();
            return new EventRow(e.getSid(), account, e.getEventType(), e.getActorType(), e.getActorSid(),
                    e.getSource(), e.getSourceIpAddress(), e.getResourceType(), e.getResourceSid(), at,
                    e.getDescription(), changedFields(e.getEventData()));
        }
    };

    static final Spec<Alert, AlertRow> ALERTS = new Spec<>() {
        @Override
        public UsageSource source() {
            return UsageSource.MONITOR_ALERTS;
        }

        @Override
        public String domain() {
            return "monitor";
        }

        @Override
        public Rows.Table<AlertRow> table() {
            return Rows.ALERTS;
        }

        @Override
        public Reader<Alert> reader(Target t) {
            return Alert.reader()
                    .setStartDate(utc(t.rangeStart()))
                    .setEndDate(utc(t.rangeEnd()))
                    .setPageSize(PAGE_SIZE);
        }

        @Override
        public AlertRow map(Alert a, Target t, Countries countries) {
            Instant at = instant(a.getDateGenerated());
            if (!t.inRange(at)) {
                return null;
            }
            String account = a.getAccountSid() == null ? t.accountSid() : a.getAccountSid();
            return new AlertRow(a.getSid(), account, a.getErrorCode(), a.getLogLevel(),
                    a.getRequestMethod() == null ? null : a.getRequestMethod().toString(),
                    withoutSecrets(a.getRequestUrl()), a.getResourceSid(), a.getServiceSid(), at, a.getMoreInfo());
        }
    };

    static final Spec<Account, AccountRow> SUBACCOUNTS = new Spec<>() {
        @Override
        public UsageSource source() {
            return UsageSource.SUBACCOUNTS;
        }

        @Override
        public String domain() {
            return "api";
        }

        @Override
        public Rows.Table<AccountRow> table() {
            return Rows.ACCOUNTS;
        }

        @Override
        public Reader<Account> reader(Target t) {
            return Account.reader().setPageSize(PAGE_SIZE);
        }

        @Override
        public AccountRow map(Account a, Target t, Countries countries) {
            // The listing includes the authenticating account itself and each subaccount's auth token; neither is kept.
            if (a.getSid() == null || a.getSid().equalsIgnoreCase(t.mainAccountSid())) {
                return null;
            }
            return new AccountRow(a.getSid(), false, a.getFriendlyName(), text(a.getStatus()),
                    a.getOwnerAccountSid(), instant(a.getDateCreated()));
        }
    };

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
        for (String member : new String[] {"updated", "previous"}) {
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
