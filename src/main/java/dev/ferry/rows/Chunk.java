package dev.ferry.rows;

import java.util.List;

/**
 * A batch of rows of one table, in key order, with the key of its last row. A chunk is the unit of
 * commit: a writer commits its rows together with the checkpoint {@code lastKey}.
 *
 * @param rows values in {@link TablePlan#columns()} order, canonical types (see {@link ValueKind})
 * @param lastKey the key values of the last row, in {@link TablePlan#keyColumns()} order; null for
 *     tables read in one pass (no usable key)
 * @param digest the {@link RowDigest} of the rows as the source handed them over (before any
 *     transformation), which the checkpoint accumulates; 0 where nobody computed it
 * @param afterMerge what waits for the target's decision on each row; null for nothing
 */
public record Chunk(List<Object[]> rows, Object[] lastKey, long digest, AfterMerge afterMerge) {

  /** A chunk whose digest is not computed yet. */
  public Chunk(List<Object[]> rows, Object[] lastKey) {
    this(rows, lastKey, 0);
  }

  /** A chunk with nothing waiting for the target's decisions. */
  public Chunk(List<Object[]> rows, Object[] lastKey, long digest) {
    this(rows, lastKey, digest, null);
  }

  /** Number of rows. */
  public int size() {
    return rows.size();
  }
}
