package dev.ferry.rows;

import java.util.ArrayList;
import java.util.List;

/**
 * One of the key ranges a large table is split into, so that its rows load over several
 * connections at once: the rows whose single integer key lies in {@code (lower, upper]}. The
 * first range of a table is open below and the last open above, so rows added since the plan
 * was made are still read.
 *
 * @param index the range's position, 1 for the first
 * @param count how many ranges the table has
 * @param lower the key the range starts after (exclusive); null for the first range
 * @param upper the last key the range holds (inclusive); null for the last range
 */
public record KeyRange(int index, int count, Long lower, Long upper) {

  /** The most ranges a table is split into for each connection loading at once. */
  public static final int RANGES_PER_CONNECTION = 4;

  public KeyRange {
    if (index < 1 || index > count || (index == 1) != (lower == null)
        || (index == count) != (upper == null)
        || (lower != null && upper != null && lower >= upper)) {
      throw new IllegalArgumentException("not a key range: " + index + "/" + count + " ("
          + lower + ", " + upper + "]");
    }
  }

  /** The key a read of this range starts after, as a checkpoint holds it; null: the start. */
  public Object[] lowerKey() {
    return lower == null ? null : new Object[] {lower};
  }

  /** The suffix of the unit's name: {@code #2/6}. */
  public String label() {
    return "#" + index + "/" + count;
  }

  /** {@code (1000, 2000]}, with {@code …} for an open end. */
  @Override
  public String toString() {
    return "(" + (lower == null ? "…" : lower) + ", " + (upper == null ? "…" : upper) + "]";
  }

  /**
   * How many ranges a table of {@code estimate} rows is split into: one per {@code splitRows}
   * rows, at most {@link #RANGES_PER_CONNECTION} per connection loading at once; 1 (not split)
   * below {@code splitRows} rows or with one connection.
   */
  public static int count(long estimate, long splitRows, int parallel) {
    if (splitRows <= 0 || estimate < splitRows || parallel < 2) {
      return 1;
    }
    long wanted = (estimate + splitRows - 1) / splitRows;
    return (int) Math.max(2, Math.min(wanted, (long) RANGES_PER_CONNECTION * parallel));
  }

  /**
   * {@code count} ranges of equal width between the smallest and the largest key, by key
   * statistics (the two ends), not by counting rows; fewer where the keys are fewer than the
   * ranges. The first is open below, the last open above.
   */
  public static List<KeyRange> split(long min, long max, int count) {
    java.math.BigInteger span = java.math.BigInteger.valueOf(max)
        .subtract(java.math.BigInteger.valueOf(min)).add(java.math.BigInteger.ONE);
    int n = (int) Math.min(count, span.min(java.math.BigInteger.valueOf(count)).longValue());
    List<Long> uppers = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      // min - 1 + span * i / n: the last key of the i-th of n equal parts
      uppers.add(java.math.BigInteger.valueOf(min).subtract(java.math.BigInteger.ONE)
          .add(span.multiply(java.math.BigInteger.valueOf(i))
              .divide(java.math.BigInteger.valueOf(n))).longValueExact());
    }
    return of(uppers);
  }

  /**
   * The ranges that the upper bounds ({@code bounds}, ascending, one fewer than the ranges)
   * separate: how a run's recorded ranges are read back.
   */
  public static List<KeyRange> of(List<Long> bounds) {
    List<KeyRange> ranges = new ArrayList<>();
    int count = bounds.size() + 1;
    for (int i = 0; i < count; i++) {
      ranges.add(new KeyRange(i + 1, count, i == 0 ? null : bounds.get(i - 1),
          i == count - 1 ? null : bounds.get(i)));
    }
    return ranges;
  }

  /** The upper bounds that separate {@code ranges}: what {@link #of} reads back. */
  public static List<Long> bounds(List<KeyRange> ranges) {
    return ranges.stream().map(KeyRange::upper).filter(java.util.Objects::nonNull).toList();
  }
}
