package dev.ferry.rows;

import dev.ferry.catalog.Catalog;
import java.util.List;
import java.util.Set;

/**
 * Where rows come from: a database or a bundle. One reader per run; {@link #read} may be called
 * from several threads for different tables when the implementation says so.
 */
public interface SourceReader extends AutoCloseable {

  /** The source's catalog. */
  Catalog catalog();

  /**
   * Reads a table's rows in key order, strictly after {@code afterKey}.
   *
   * @param table the plan
   * @param afterKey the checkpoint to resume after, or null to start at the beginning
   * @param chunkSize rows per chunk
   */
  ChunkCursor read(TablePlan table, Object[] afterKey, int chunkSize);

  /**
   * Reads a table's rows in one pass, in any order, for hashing: like {@link #read}, except that
   * a reader may hand over a value as the server's text ({@link ServerText}) where that text is in
   * a plain form, sparing the parse. The default reads as {@link #read} does.
   *
   * @param table the plan (its key columns are ignored)
   * @param chunkSize rows per chunk
   */
  default ChunkCursor readText(TablePlan table, int chunkSize) {
    return read(new TablePlan(table.source(), table.target(), table.columns(), List.of(),
        Set.of(), table.ownRowsOnly(), List.of(), table.rowFilter()), null, chunkSize);
  }

  /**
   * Streams a table's rows in one pass, in any order, as the server's text ({@link TextRows}):
   * the cheapest way to hash a table, where a reader has it for every column of the plan. Null
   * where it has not; the caller then reads through {@link #readText}.
   *
   * @param table the plan (its key columns are ignored)
   */
  default TextRows copyText(TablePlan table) {
    return null;
  }

  /**
   * Problems with what this source will hand over for these tables, found before anything is
   * written: a bundle proves every data file it will read against its manifest (size, SHA-256,
   * rows). Each problem names the file and says what to do. Empty by default.
   */
  default List<String> prove(List<TablePlan> tables) {
    return List.of();
  }

  /**
   * Reasons the source cannot be read as the plans need (a table or column the principal may not
   * SELECT), each with what would allow it; asked before the run writes anything, so that a copy
   * does not stop at its seventh table after writing six. Empty where the source has no such
   * limits (a bundle).
   */
  default List<String> readProblems(List<TablePlan> tables) {
    return List.of();
  }

  /** An estimate of the table's rows for progress and ETA, or -1 when unknown. */
  default long estimateRows(TablePlan table) {
    return -1;
  }

  /**
   * The smallest and the largest key of a table keyed by one integer column, from the source's
   * index (two lookups, no count), as {@code {min, max}}; null when the table is empty, its key
   * is not one integer column, or the reader cannot tell. What {@link KeyRange#split} cuts.
   */
  default long[] keyBounds(TablePlan table) {
    return null;
  }

  /**
   * Reads the zero dates of these columns (per table, by name) as NULL from here on, as a cast
   * rule's {@code zero-dates: null} asks ({@link ZeroDates}). Only a database that stores zero
   * dates (MariaDB) has any; the others ignore it.
   */
  default void nullZeroDates(java.util.Map<dev.ferry.catalog.TableName,
      ? extends java.util.Map<String, String>> columns) {}

  @Override
  void close();
}
