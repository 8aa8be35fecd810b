package dev.ferry.rows;

/**
 * A row's text hash: the hex MD5 a server computes over the text output of the row's columns
 * ({@code Dialect.rowTextHash}), and the 64 bits of it that checked chunks sum into their digest
 * ({@link Chunk#digest()}), so that the digest of a range does not depend on its chunks.
 */
public final class RowText {

  private RowText() {}

  /** The first 64 bits of a hex MD5. */
  public static long bits(String hash) {
    return Long.parseUnsignedLong(hash.substring(0, 16), 16);
  }
}
