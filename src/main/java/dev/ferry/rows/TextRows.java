package dev.ferry.rows;

/**
 * A table's rows as the server's text, one row at a time, each value a slice of one buffer: what
 * {@link SourceReader#copyText} streams for hashing, without an object per value. Every value is
 * in the plain form of its column's kind ({@link ServerText}); {@link #next} throws {@link
 * ServerText.NotPlain} at the first that is not.
 */
public interface TextRows extends AutoCloseable {

  /** Moves to the next row; false after the last. */
  boolean next();

  /** The buffer holding the current row's values, valid until the next call of {@link #next}. */
  byte[] bytes();

  /** Where column {@code i}'s text starts in {@link #bytes()}, or -1 for NULL. */
  int start(int i);

  /** Where column {@code i}'s text ends (exclusive). */
  int end(int i);

  /** Ends the stream; a stream left before its end is cancelled. */
  @Override
  void close();
}
