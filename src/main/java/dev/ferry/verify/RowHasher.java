package dev.ferry.verify;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Hashes rows of one side: rewrites referenced values, encodes each value canonically, hashes it,
 * then hashes the row and its key. One instance per thread; the arrays are reused for every row.
 */
final class RowHasher {

  private final Side side;
  private final CanonicalValue[] encodings;
  private final int[] all;
  private final boolean keyIsRow;
  final long[] hashes;
  final boolean[] nulls;
  final String[] canonical;
  final Object[] values;
  long rowHash;
  long keyHash;

  RowHasher(Side side) {
    this.side = side;
    int n = side.columns().size();
    this.encodings = side.encodings().toArray(new CanonicalValue[0]);
    this.all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    this.keyIsRow = Arrays.equals(side.key(), all);
    this.hashes = new long[n];
    this.nulls = new boolean[n];
    this.canonical = new String[n];
    this.values = new Object[n];
  }

  /** Hashes a row whose values are in the side's column order. */
  void hash(Object[] row) {
    for (int i = 0; i < hashes.length; i++) {
      Object v = row[i];
      UnaryOperator<Object> rewrite = side.rewrite(i);
      if (rewrite != null) {
        v = rewrite.apply(v);
      }
      values[i] = v;
      String c = encodings[i].encode(v);
      canonical[i] = c;
      nulls[i] = c == null;
      hashes[i] = c == null ? 0 : Hashing.value(c);
    }
    rowHash = Hashing.combine(hashes, nulls, all);
    keyHash = keyIsRow ? rowHash : Hashing.combine(hashes, nulls, side.key());
  }

  /** The row just hashed, kept for the row-by-row comparison. */
  LeafRow leaf() {
    String[] display = new String[canonical.length];
    for (int i = 0; i < display.length; i++) {
      display[i] = encodings[i].display(canonical[i], LeafRow.DISPLAY);
    }
    return new LeafRow(keyHash, rowHash, hashes.clone(), nulls.clone(), display);
  }
}
