package dev.ferry.rows;

/**
 * Rewrites rows as they stream from reader to writer (identity remapping, tenant columns, casts).
 * Implementations change values in place and must not hold rows.
 */
@FunctionalInterface
public interface RowTransformer {

  /** Leaves rows as they are. */
  RowTransformer IDENTITY = (table, row) -> row;

  /**
   * @param table the plan of the table the row belongs to
   * @param row values in {@code table.columns()} order
   * @return the row to write (usually the same array); null to leave the row out (a row whose
   *     file did not arrive, under {@code files:}'s {@code on-mismatch: skip-row})
   */
  Object[] transform(TablePlan table, Object[] row);

  /**
   * Called once every row of a chunk was transformed, before the chunk goes to its writer (and
   * so before its checkpoint commits): what the rows' transforms started must be done and
   * durable when it returns (the chunk's files, docs/files.md), or be handed to the writer as
   * the returned {@link AfterMerge}, and a row it leaves out after all is set to null in
   * {@code rows}. Does nothing by default.
   *
   * @param rows the chunk's rows as transformed (null where a transform left one out)
   * @return what waits for the target's decision on each row of the chunk; null for nothing
   */
  default AfterMerge chunkTransformed(TablePlan table, java.util.List<Object[]> rows) {
    return null;
  }
}
