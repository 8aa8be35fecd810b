package dev.ferry.verify;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Hashes rows of one side: rewrites referenced values, encodes each value canonically, hashes it,
 * then hashes the row and its key. One instance per thread; the arrays, the digest and the byte
 * buffers are reused for every row, so hashing a row allocates nothing for the common types.
 */
final class RowHasher {

  private final Side side;
  private final CanonicalValue[] encodings;
  private final int[] key;
  private final boolean keyIsRow;
  private final Hashing.Md5Hasher md5 = new Hashing.Md5Hasher();
  private final CanonicalBytes text = new CanonicalBytes();
  private final CanonicalBytes tokens = new CanonicalBytes();
  private final ValueHashCache[] caches;
  final long[] hashes;
  final boolean[] nulls;
  final Object[] values;
  long rowHash;
  long keyHash;

  RowHasher(Side side) {
    this.side = side;
    int n = side.columns().size();
    this.encodings = side.encodings().toArray(new CanonicalValue[0]);
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    this.key = side.key();
    this.keyIsRow = Arrays.equals(key, all);
    this.hashes = new long[n];
    this.nulls = new boolean[n];
    this.values = new Object[n];
    this.caches = new ValueHashCache[n];
    for (int i = 0; i < n; i++) {
      caches[i] = new ValueHashCache(md5);
    }
  }

  /** Hashes a row whose values are in the side's column order. */
  void hash(Object[] row) {
    tokens.clear();
    for (int i = 0; i < hashes.length; i++) {
      Object v = row[i];
      UnaryOperator<Object> rewrite = side.rewrite(i);
      if (rewrite != null) {
        v = rewrite.apply(v);
      }
      values[i] = v;
      boolean isNull = !encodings[i].encodeTo(v, text);
      nulls[i] = isNull;
      if (isNull) {
        hashes[i] = 0;
        tokens.put(Hashing.NULL_TOKEN);
      } else {
        long h = caches[i].hash(text);
        hashes[i] = h;
        tokens.hex(h);
      }
    }
    rowHash = md5.first64(tokens.bytes, tokens.length);
    if (keyIsRow) {
      keyHash = rowHash;
    } else {
      tokens.clear();
      for (int c : key) {
        if (nulls[c]) {
          tokens.put(Hashing.NULL_TOKEN);
        } else {
          tokens.hex(hashes[c]);
        }
      }
      keyHash = md5.first64(tokens.bytes, tokens.length);
    }
  }

  /** The row just hashed, kept for the row-by-row comparison. */
  LeafRow leaf() {
    String[] display = new String[values.length];
    for (int i = 0; i < display.length; i++) {
      display[i] = encodings[i].display(encodings[i].encode(values[i]), LeafRow.DISPLAY);
    }
    return new LeafRow(keyHash, rowHash, hashes.clone(), nulls.clone(), display);
  }
}
