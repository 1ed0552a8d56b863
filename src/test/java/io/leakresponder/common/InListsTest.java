package io.leakresponder.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InListsTest {

    @Test
    void valuesComeInOrderInSlicesOfAtMostTheLimit() {
        List<Integer> values = IntStream.range(0, 2 * InLists.SLICE + 1).boxed().toList();
        List<List<Integer>> slices = InLists.slices(values);
        assertThat(slices).extracting(List::size).containsExactly(InLists.SLICE, InLists.SLICE, 1);
        assertThat(slices.stream().flatMap(List::stream).toList()).isEqualTo(values);
        assertThat(InLists.slices(List.of())).isEmpty();
        assertThat(InLists.slices(List.of("a"))).containsExactly(List.of("a"));
    }
}
