package dev.ferry.verify;

import dev.ferry.rows.ValueKind;

/**
 * What one pass learns about one column: NULLs, the checksum of its values, values a reference map
 * did not know, and for fingerprints the distinct count and the smallest and largest value.
 */
final class ColumnDigest {

  private final ValueKind kind;
  private final DistinctCounter distinct;
  private final boolean extremes;
  long nulls;
  long checksum;
  long unmapped;
  private Object min;
  private Object max;

  /**
   * @param kind the column's kind (orders min and max)
   * @param distinctLimit values counted exactly before the sketch takes over; 0 for no distinct
   *     count
   * @param extremes whether to keep min and max
   */
  ColumnDigest(ValueKind kind, int distinctLimit, boolean extremes) {
    this.kind = kind;
    this.distinct = distinctLimit > 0 ? new DistinctCounter(distinctLimit) : null;
    this.extremes = extremes;
  }

  /** A digest whose figures were computed elsewhere (inside a database). */
  static ColumnDigest of(ValueKind kind, long nulls, long checksum) {
    ColumnDigest d = new ColumnDigest(kind, 0, false);
    d.nulls = nulls;
    d.checksum = checksum;
    return d;
  }

  void addNull() {
    nulls++;
  }

  /**
   * Adds a non-null value.
   *
   * @param hash its hash
   * @param value the value as read (for min and max)
   */
  void add(long hash, Object value) {
    checksum += hash;
    if (distinct != null) {
      distinct.add(hash);
    }
    if (extremes && !(value instanceof ReferenceMap.Unmapped)) {
      if (min == null || ValueOrder.compare(value, min, kind) < 0) {
        min = value;
      }
      if (max == null || ValueOrder.compare(value, max, kind) > 0) {
        max = value;
      }
    }
  }

  /**
   * Adds what {@code other} (a digest of other rows of the same column, kept alike) learnt: the
   * digest of both sets of rows, as one pass over them all would have made it.
   */
  void add(ColumnDigest other) {
    nulls += other.nulls;
    checksum += other.checksum;
    unmapped += other.unmapped;
    if (distinct != null && other.distinct != null) {
      distinct.addAll(other.distinct);
    }
    if (extremes && other.min != null) {
      if (min == null || ValueOrder.compare(other.min, min, kind) < 0) {
        min = other.min;
      }
      if (max == null || ValueOrder.compare(other.max, max, kind) > 0) {
        max = other.max;
      }
    }
  }

  DistinctCounter distinct() {
    return distinct;
  }

  Object min() {
    return min;
  }

  Object max() {
    return max;
  }
}
