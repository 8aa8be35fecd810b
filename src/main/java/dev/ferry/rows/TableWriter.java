package dev.ferry.rows;

/**
 * Writes one table. Each {@link #write} is atomic with its checkpoint: after a crash, either the
 * whole chunk and its checkpoint are in the target, or neither is.
 */
public interface TableWriter extends AutoCloseable {

  /** Writes the chunk's rows and records {@code chunk.lastKey()} as the table's checkpoint. */
  void write(Chunk chunk);

  /**
   * What became of the rows written so far under a merge mode (docs/merge.md); null for a plain
   * load.
   */
  default dev.ferry.api.RunReport.Fates fates() {
    return null;
  }

  /** What the table's key policy did so far (docs/merge.md); null when keys are preserved. */
  default dev.ferry.api.RunReport.Keys keys() {
    return null;
  }

  /** Marks the table complete (and, for files, seals it). */
  void finish();

  @Override
  void close();
}
