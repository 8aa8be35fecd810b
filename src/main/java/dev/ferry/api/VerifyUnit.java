package dev.ferry.api;

import java.io.Serializable;

/**
 * One unit of a verification: a table, or one key range of a large table, whose two sides are
 * digested together ({@code dev.ferry.verify.VerifyUnits#digest}). The key ranges of a table are
 * cut from its single integer key as {@code copy} cuts them: the rows whose key lies in {@code
 * (lower, upper]}, the first open below (with any NULL key), the last open above.
 *
 * @param table the source table, qualified ({@code public.orders})
 * @param key the key column the ranges are cut from; null for a whole table
 * @param index the range's position, 1 for the first (1 for a whole table)
 * @param count how many ranges the table has (1 for a whole table)
 * @param lower the key the range starts after (exclusive); null for the first range
 * @param upper the last key the range holds (inclusive); null for the last range
 */
public record VerifyUnit(String table, String key, int index, int count, Long lower, Long upper)
    implements Serializable {

  public VerifyUnit {
    if (table == null || index < 1 || index > count || (count > 1) != (key != null)
        || (index == 1) != (lower == null) || (index == count) != (upper == null)
        || (lower != null && upper != null && lower >= upper)) {
      throw new IllegalArgumentException("not a verify unit: " + table + " " + index + "/"
          + count + " (" + lower + ", " + upper + "]");
    }
  }

  /** The whole table as one unit. */
  public static VerifyUnit whole(String table) {
    return new VerifyUnit(table, null, 1, 1, null, null);
  }

  /** Whether this unit is one key range of several. */
  public boolean ranged() {
    return count > 1;
  }

  /** {@code public.orders}, or {@code public.orders#2/6 (1000, 2000]}. */
  @Override
  public String toString() {
    return table + (count == 1 ? "" : "#" + index + "/" + count + " ("
        + (lower == null ? "…" : lower) + ", " + (upper == null ? "…" : upper) + "]");
  }
}
