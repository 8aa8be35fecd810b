package dev.ferry.verify;

import java.util.BitSet;
import java.util.List;

/** Reads one side of a table for a comparison: a digest first, then rows of chosen key ranges. */
public interface TableSide extends AutoCloseable {

  /** How this side is hashed: {@code streaming} or {@code in-database}. */
  String method();

  /** One pass over the table: counts, checksums, range checksums. */
  TableDigest digest();

  /** The rows whose key falls in one of the given ranges. */
  List<LeafRow> rows(BitSet ranges);

  /** Releases what the side holds (a connection); the default holds nothing. */
  @Override
  default void close() {}
}
