package dev.ferry.verify;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A rewrite whose pairs are looked up a chunk at a time rather than held whole: the streaming
 * side hands it each chunk's rows before it applies it to their values, so it needs to hold the
 * pairs of one chunk only.
 */
interface ChunkRewrite extends UnaryOperator<Object> {

  /**
   * Looks up the pairs for the values of column {@code column} of {@code rows}; {@link #apply}
   * then rewrites exactly those values.
   */
  void prepare(List<Object[]> rows, int column);

  /**
   * Whether a copy leaves {@code row}, one of the rows last prepared, out of the target (a row
   * whose file does not arrive, under {@code on-mismatch: skip-row}): the side then leaves it
   * out too. None by default.
   */
  default boolean drops(Object[] row) {
    return false;
  }
}
