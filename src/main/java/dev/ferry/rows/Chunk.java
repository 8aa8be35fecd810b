package dev.ferry.rows;

import java.util.List;

/**
 * A batch of rows of one table, in key order, with the key of its last row. A chunk is the unit of
 * commit: a writer commits its rows together with the checkpoint {@code lastKey}.
 *
 * @param rows values in {@link TablePlan#columns()} order, canonical types (see {@link ValueKind});
 *     for an {@link Checked#UNCHANGED} chunk, only the key positions hold values, and one more
 *     position at the end holds the row's text hash ({@link RowText})
 * @param lastKey the key values of the last row, in {@link TablePlan#keyColumns()} order; null for
 *     tables read in one pass (no usable key)
 * @param digest the {@link RowDigest} of the rows as the source handed them over (before any
 *     transformation), which the checkpoint accumulates; 0 where nobody computed it. A checked
 *     chunk carries the sum of its rows' text hashes instead ({@link RowText})
 * @param checked whether the reader compared the rows' text with the target's ({@link PageCheck})
 */
public record Chunk(List<Object[]> rows, Object[] lastKey, long digest, Checked checked) {

  /** What a reader found comparing a page's rows with the target's ({@link PageCheck}). */
  public enum Checked {
    /** Not compared: the rows, digested by {@link RowDigest}. */
    NO,
    /** Some row's text differs, or the target lacks it: the rows, digested by text hash. */
    CHANGED,
    /** The target holds every row with the same text: the keys only, digested by text hash. */
    UNCHANGED
  }

  /** A chunk the reader did not compare. */
  public Chunk(List<Object[]> rows, Object[] lastKey, long digest) {
    this(rows, lastKey, digest, Checked.NO);
  }

  /** A chunk whose digest is not computed yet. */
  public Chunk(List<Object[]> rows, Object[] lastKey) {
    this(rows, lastKey, 0);
  }

  /** Number of rows. */
  public int size() {
    return rows.size();
  }
}
