package dev.ferry.transfer;

import dev.ferry.catalog.Catalog;

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

  /** An estimate of the table's rows for progress and ETA, or -1 when unknown. */
  default long estimateRows(TablePlan table) {
    return -1;
  }

  @Override
  void close();
}
