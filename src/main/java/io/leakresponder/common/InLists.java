package io.leakresponder.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Values for a query's {@code IN} list, in slices PostgreSQL accepts (it takes at most 32767 bind parameters). */
public final class InLists {

    /** Values per slice: well below PostgreSQL's limit, also when a query has several lists. */
    public static final int SLICE = 1000;

    private InLists() {
    }

    /** The values in order, in slices of at most {@link #SLICE}; none for no values. */
    public static <T> List<List<T>> slices(Collection<T> values) {
        List<T> all = List.copyOf(values);
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += SLICE) {
            out.add(all.subList(from, Math.min(all.size(), from + SLICE)));
        }
        return out;
    }
}
