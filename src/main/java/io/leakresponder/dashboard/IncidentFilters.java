package io.leakresponder.dashboard;

import io.leakresponder.common.ProblemException;
import io.leakresponder.incident.IncidentSearch;
import io.leakresponder.incident.IncidentState;
import io.leakresponder.incident.Severity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The incident list's filters as its query string carries them: checked (an unknown value is refused, naming
 * its field), turned into a search, and back into links that keep them. An empty value means "any".
 *
 * @param state    an {@link IncidentState}, or {@value #NOT_CLOSED} for every state but CLOSED
 * @param assignee a person, or {@value #UNASSIGNED} for nobody
 * @param breach   {@code yes} or {@code no}
 * @param page     1-based
 */
public record IncidentFilters(String state, String severity, String liveness, String assignee, String breach,
        String sort, String dir, int page, int size) {

    static final String NOT_CLOSED = "NOT_CLOSED";
    static final String UNASSIGNED = "-";
    static final int DEFAULT_SIZE = 25;
    static final int MAX_SIZE = 100;
    private static final int MAX_ASSIGNEE = 200;
    private static final int MAX_PAGE = 1_000_000;
    private static final Map<String, String> DEFAULT_VALUES = Map.of("sort", "severity", "dir", "desc", "page", "1",
            "size", String.valueOf(DEFAULT_SIZE));

    static IncidentFilters parse(String state, String severity, String liveness, String assignee, String breach,
            String sort, String dir, String page, String size) {
        String st = blank(state) ? "" : upper(state);
        if (!st.isEmpty() && !st.equals(NOT_CLOSED)) {
            oneOf("state", st, names(IncidentState.values()));
        }
        String sev = blank(severity) ? "" : oneOf("severity", upper(severity), names(Severity.values()));
        String live = blank(liveness)
                ? ""
                : oneOf("liveness", upper(liveness), names(IncidentSearch.Liveness.values()));
        String who = blank(assignee) ? "" : assignee.trim();
        if (who.length() > MAX_ASSIGNEE || who.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalidField("assignee",
                    "assignee must be a name of at most " + MAX_ASSIGNEE + " characters, or - for unassigned");
        }
        String br = blank(breach) ? "" : oneOf("breach", lower(breach), List.of("yes", "no"));
        String so = blank(sort) ? "severity" : oneOf("sort", lower(sort), List.of("severity", "age"));
        String di = blank(dir) ? "desc" : oneOf("dir", lower(dir), List.of("desc", "asc"));
        int p = blank(page) ? 1 : number("page", page, 1, MAX_PAGE);
        int s = blank(size) ? DEFAULT_SIZE : number("size", size, 5, MAX_SIZE);
        return new IncidentFilters(st, sev, live, who, br, so, di, p, s);
    }

    IncidentSearch toSearch() {
        Set<IncidentState> states = state.isEmpty()
                ? Set.of()
                : state.equals(NOT_CLOSED)
                        ? EnumSet.complementOf(EnumSet.of(IncidentState.CLOSED))
                        : EnumSet.of(IncidentState.valueOf(state));
        return new IncidentSearch(states, severity.isEmpty() ? null : Severity.valueOf(severity),
                liveness.isEmpty() ? null : IncidentSearch.Liveness.valueOf(liveness),
                assignee.isEmpty() || assignee.equals(UNASSIGNED) ? null : assignee, assignee.equals(UNASSIGNED),
                breach.isEmpty() ? null : breach.equals("yes"),
                sort.equals("age") ? IncidentSearch.Order.AGE : IncidentSearch.Order.SEVERITY, dir.equals("desc"),
                page - 1, size);
    }

    /** Whether any filter (not order or page) is set. */
    public boolean filtered() {
        return !(state.isEmpty() && severity.isEmpty() && liveness.isEmpty() && assignee.isEmpty()
                && breach.isEmpty());
    }

    /** This list again. */
    public String href() {
        return link(Map.of());
    }

    /** This list narrowed (or widened, with an empty value) to one state, from its first page. */
    public String withState(String value) {
        return link(Map.of("state", value, "page", ""));
    }

    /** Another page of this list. */
    public String pageHref(long number) {
        return link(Map.of("page", String.valueOf(number)));
    }

    public String prevHref() {
        return pageHref(page - 1);
    }

    public String nextHref() {
        return pageHref(page + 1);
    }

    /** Ordered by this column; again on the same column turns the direction around. */
    public String sortHref(String column) {
        String direction = column.equals(sort) && dir.equals("desc") ? "asc" : "desc";
        return link(Map.of("sort", column, "dir", direction, "page", ""));
    }

    /** The arrow a column header shows when the list is ordered by it. */
    public String arrow(String column) {
        return column.equals(sort) ? (dir.equals("desc") ? " ▼" : " ▲") : "";
    }

    public List<String> states() {
        return names(IncidentState.values());
    }

    public List<String> severities() {
        return names(Severity.values());
    }

    public List<String> verdicts() {
        return names(IncidentSearch.Liveness.values());
    }

    private String link(Map<String, String> changes) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("state", state);
        q.put("severity", severity);
        q.put("liveness", liveness);
        q.put("assignee", assignee);
        q.put("breach", breach);
        q.put("sort", sort);
        q.put("dir", dir);
        q.put("page", String.valueOf(page));
        q.put("size", String.valueOf(size));
        q.putAll(changes);
        // Defaults stay out of the address, so that links are short and the plain list is just /ui/incidents.
        q.replaceAll((name, value) -> value.equals(DEFAULT_VALUES.get(name)) ? "" : value);
        String query = q.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return "/ui/incidents" + (query.isEmpty() ? "" : "?" + query);
    }

    private static String oneOf(String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw ProblemException.invalidField(field, field + " must be one of " + String.join(", ", allowed)
                    + (field.equals("state") ? ", " + NOT_CLOSED : "") + " (or empty for any)");
        }
        return value;
    }

    private static int number(String field, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidField(field, field + " must be a whole number from " + min + " to " + max);
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String upper(String s) {
        return s.trim().toUpperCase(Locale.ROOT);
    }

    private static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
