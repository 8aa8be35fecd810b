package dev.ferry.verify;

import dev.ferry.rows.CanonicalBytes;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.RowFingerprint;
import dev.ferry.rows.TextRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Hashes rows of one side: rewrites referenced values, encodes each value canonically, hashes it,
 * then hashes the row and its key. One instance per thread; the arrays and the byte buffers are
 * reused for every row, so hashing a row allocates nothing for the common types.
 */
public final class RowHasher {

  private final Side side;
  private final CanonicalValue[] encodings;
  /** Per column: a value's text in its plain form is its canonical text. */
  private final boolean[] textIsCanonical;
  /** Per column: a text starting with a backslash is not canonical as it is. */
  private final boolean[] escapesText;
  private final int[] key;
  private final boolean keyIsRow;
  private final CanonicalBytes text = new CanonicalBytes();
  private final CanonicalBytes tokens = new CanonicalBytes();
  final long[] hashes;
  final boolean[] nulls;
  final Object[] values;
  long rowHash;
  long keyHash;

  RowHasher(Side side) {
    this.side = side;
    int n = side.columns().size();
    this.encodings = side.encodings().toArray(new CanonicalValue[0]);
    this.textIsCanonical = new boolean[n];
    this.escapesText = new boolean[n];
    for (int i = 0; i < n; i++) {
      textIsCanonical[i] = encodings[i].textIsCanonical();
      escapesText[i] = encodings[i].escapesText();
    }
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    this.key = side.key();
    this.keyIsRow = Arrays.equals(key, all);
    this.hashes = new long[n];
    this.nulls = new boolean[n];
    this.values = new Object[n];
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
        long h = Hashing.hash(text.bytes, text.length);
        hashes[i] = h;
        tokens.hex(h);
      }
    }
    finish();
  }

  /**
   * Hashes the current row of a text stream, every value already in a plain form of its kind
   * (see {@link dev.ferry.rows.ServerText}); keeps no values ({@link #values} are null), so
   * nothing is allocated per row.
   */
  void hash(TextRows row) {
    tokens.clear();
    byte[] b = row.bytes();
    for (int i = 0; i < hashes.length; i++) {
      int start = row.start(i);
      values[i] = null;
      if (start < 0) {
        nulls[i] = true;
        hashes[i] = 0;
        tokens.put(Hashing.NULL_TOKEN);
      } else {
        nulls[i] = false;
        long h;
        if (textIsCanonical[i]
            && !(escapesText[i] && row.end(i) > start && b[start] == '\\')) {
          h = Hashing.hash(b, start, row.end(i) - start);
        } else {
          encodings[i].encodeText(b, start, row.end(i), text);
          h = Hashing.hash(text.bytes, text.length);
        }
        hashes[i] = h;
        tokens.hex(h);
      }
    }
    finish();
  }

  /** The row's and the key's hash, from the tokens of the values just hashed. */
  private void finish() {
    rowHash = Hashing.hash(tokens.bytes, tokens.length);
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
      keyHash = Hashing.hash(tokens.bytes, tokens.length);
    }
  }

  /** The row just hashed, kept for the row-by-row comparison. */
  LeafRow leaf() {
    String[] display = new String[values.length];
    List<String> canonical = new ArrayList<>(values.length);
    List<String> names = new ArrayList<>(values.length);
    for (int i = 0; i < display.length; i++) {
      String text = encodings[i].encode(values[i]);
      canonical.add(text);
      names.add(side.columns().get(i).name());
      display[i] = encodings[i].display(text, LeafRow.DISPLAY);
    }
    return new LeafRow(keyHash, rowHash, hashes.clone(), nulls.clone(), display,
        RowFingerprint.of(names, canonical));
  }
}
