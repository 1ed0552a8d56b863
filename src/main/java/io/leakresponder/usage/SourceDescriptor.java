package io.leakresponder.usage;

import com.twilio.base.Reader;
import com.twilio.base.Resource;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One usage source, described once: its table and columns (fixed by the Flyway migration), how each column is read
 * from a row, the column that places a row in time, the columns that tell its rows apart, the twilio-java reader
 * with its filters and how one resource becomes a row. The puller, the page writer, the store, the queries and the
 * exports all read it, so a new source is one {@link UsageSource} constant and one descriptor in {@link Sources}.
 *
 * <p>Table and column names are constants written here; SQL built from them never contains input.
 */
final class SourceDescriptor<R extends Resource, W> implements Sources.Spec<R, W>, Rows.Table<W> {

    /** The reader of one pull, with its filters and page size. */
    @FunctionalInterface
    interface ReaderFactory<R extends Resource> {
        Reader<R> reader(Sources.Target target);
    }

    /** The row of one resource, or null when the resource lies outside the target's range. */
    @FunctionalInterface
    interface Mapper<R extends Resource, W> {
        W map(R resource, Sources.Target target, Countries countries);
    }

    /** A column after {@code audit_id} and how its value is read from a row. */
    record Column<W>(String name, Function<W, ?> value) {
    }

    private final UsageSource source;
    private final String domain;
    private final String name;
    private final String timeColumn;
    private final List<String> key;
    private final Set<String> filters;
    private final ReaderFactory<R> readers;
    private final Mapper<R, W> mapper;
    private final List<Column<W>> columns;
    private final List<String> columnNames;

    /**
     * @param domain     Twilio host of the source's next-page URLs ({@code api} or {@code monitor})
     * @param name       the table
     * @param timeColumn the column that places a row in time (export filters, ordering)
     * @param key        the columns after the time column that tell an audit's rows apart; a single one is the
     *                   row's SID, which reports list as samples
     * @param filters    the export filters ({@link UsageExportFilter} names) that apply to the source's rows
     * @param columns    every column after {@code audit_id}, in the order COPY and exports use
     */
    @SafeVarargs
    SourceDescriptor(UsageSource source, String domain, String name, String timeColumn, List<String> key,
            Set<String> filters, ReaderFactory<R> readers, Mapper<R, W> mapper, Column<W>... columns) {
        this.source = source;
        this.domain = domain;
        this.name = name;
        this.timeColumn = timeColumn;
        this.key = List.copyOf(key);
        this.filters = Set.copyOf(filters);
        this.readers = readers;
        this.mapper = mapper;
        this.columns = List.of(columns);
        this.columnNames = this.columns.stream().map(Column::name).toList();
        if (!columnNames.contains(timeColumn) || !columnNames.containsAll(key)) {
            throw new IllegalArgumentException(name + ": time and key columns must be columns of the table");
        }
        if (!UsageExportFilter.NAMES.containsAll(filters)) {
            throw new IllegalArgumentException(name + ": filters must be names of UsageExportFilter's fields");
        }
    }

    /** A column read from a row by {@code value}. */
    static <W> Column<W> column(String name, Function<W, ?> value) {
        return new Column<>(name, value);
    }

    @Override
    public UsageSource source() {
        return source;
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public Rows.Table<W> table() {
        return this;
    }

    @Override
    public Reader<R> reader(Sources.Target target) {
        return readers.reader(target);
    }

    @Override
    public W map(R resource, Sources.Target target, Countries countries) {
        return mapper.map(resource, target, countries);
    }

    /** The table's name. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> columns() {
        return columnNames;
    }

    @Override
    public void values(W row, Object[] out) {
        for (int i = 0; i < columns.size(); i++) {
            out[i] = columns.get(i).value().apply(row);
        }
    }

    /** Whether the table has this column (e.g. {@code period}, which only baseline-compared sources have). */
    boolean has(String column) {
        return columnNames.contains(column);
    }

    /** The column that places a row in time. */
    String timeColumn() {
        return timeColumn;
    }

    /** The export filters that apply to this source's rows. */
    Set<String> filters() {
        return filters;
    }

    /** The row's SID column, or null when rows have none (usage records are told apart by several columns). */
    String sidColumn() {
        return key.size() == 1 ? key.get(0) : null;
    }

    /** ORDER BY of exports and samples: oldest first, then by key, so the order is total. */
    String order() {
        return timeColumn + ", " + String.join(", ", key);
    }
}
