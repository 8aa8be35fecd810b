package dev.ferry.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangeTest {

  @Test
  void splitsEvenlyBetweenTheEndsOpenBelowAndAbove() {
    List<KeyRange> ranges = KeyRange.split(1, 100, 4);
    assertThat(ranges).extracting(KeyRange::toString)
        .containsExactly("(…, 25]", "(25, 50]", "(50, 75]", "(75, …]");
    assertThat(ranges).extracting(KeyRange::label).containsExactly("#1/4", "#2/4", "#3/4",
        "#4/4");
    assertThat(ranges.get(0).lowerKey()).isNull();
    assertThat(ranges.get(1).lowerKey()).containsExactly(25L);
  }

  @Test
  void neverCutsMoreRangesThanThereAreKeysAndSurvivesTheWholeLongRange() {
    assertThat(KeyRange.split(7, 8, 5)).extracting(KeyRange::toString)
        .containsExactly("(…, 7]", "(7, …]");
    assertThat(KeyRange.split(5, 5, 3)).hasSize(1);
    assertThat(KeyRange.split(Long.MIN_VALUE, Long.MAX_VALUE, 2)).extracting(KeyRange::upper)
        .containsExactly(-1L, null);
  }

  @Test
  void countsOneRangePerSplitRowsAtMostFourPerConnection() {
    assertThat(KeyRange.count(999, 1000, 4)).isEqualTo(1);
    assertThat(KeyRange.count(1000, 1000, 4)).isEqualTo(2);
    assertThat(KeyRange.count(5500, 1000, 4)).isEqualTo(6);
    assertThat(KeyRange.count(1_000_000, 1000, 2)).isEqualTo(8);
    assertThat(KeyRange.count(1_000_000, 1000, 1)).isEqualTo(1);
    assertThat(KeyRange.count(1_000_000, 0, 4)).isEqualTo(1);
  }

  @Test
  void boundsReadBackIntoTheSameRanges() {
    List<KeyRange> ranges = KeyRange.split(-50, 1000, 3);
    assertThat(KeyRange.of(KeyRange.bounds(ranges))).isEqualTo(ranges);
  }

  @Test
  void refusesRangesThatAreNotContiguousAndOrdered() {
    assertThatThrownBy(() -> KeyRange.of(List.of(10L, 5L)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyRange(1, 2, 3L, 4L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRangeNamesItsUnitAfterItsTable() {
    TablePlan plan = new TablePlan(new dev.ferry.catalog.TableName("public", "orders"),
        new dev.ferry.catalog.TableName("public", "orders"), List.of(), List.of("id"),
        java.util.Set.of(), false, List.of());
    TablePlan second = plan.withRange(KeyRange.split(1, 60, 6).get(1));
    assertThat(second.unit()).isEqualTo("public.orders#2/6");
    assertThat(second.tableUnit()).isEqualTo("public.orders");
    assertThat(plan.unit()).isEqualTo("public.orders");
  }
}
