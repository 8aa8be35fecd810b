package dev.ferry.rows;


/**
 * The chunks of one table, read lazily; a cursor holds at most the chunk it is reading (the copy
 * reads ahead of its writer through {@code ReadAhead}).
 */
public interface ChunkCursor extends AutoCloseable {

  /** The next chunk, or null when the table is exhausted. */
  Chunk next();

  @Override
  void close();
}
