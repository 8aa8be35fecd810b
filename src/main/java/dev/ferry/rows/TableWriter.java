package dev.ferry.rows;

/**
 * Writes one table. Each {@link #write} is atomic with its checkpoint: after a crash, either the
 * whole chunk and its checkpoint are in the target, or neither is.
 */
public interface TableWriter extends AutoCloseable {

  /** Writes the chunk's rows and records {@code chunk.lastKey()} as the table's checkpoint. */
  void write(Chunk chunk);

  /** Marks the table complete (and, for files, seals it). */
  void finish();

  @Override
  void close();
}
