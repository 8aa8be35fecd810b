package dev.ferry.transfer;

/** The chunks of one table, read lazily; at most one chunk is held at a time. */
public interface ChunkCursor extends AutoCloseable {

  /** The next chunk, or null when the table is exhausted. */
  Chunk next();

  @Override
  void close();
}
