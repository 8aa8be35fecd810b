package dev.ferry.transfer;

import java.util.List;

/**
 * A 64-bit digest of rows as the source reader handed them over, to tell on resume whether the
 * rows a run already copied are still what the source holds. Each row hashes to 64 bits (every
 * value with its type and position); a set of rows digests to the sum of its rows' hashes, so
 * the digest of a range does not depend on how it was cut into chunks. It detects accidental
 * change (an update, insert or delete), not a deliberate collision.
 */
final class RowDigest {

  private static final long PRIME = 0x100000001b3L;
  private static final long OFFSET = 0xcbf29ce484222325L;

  private RowDigest() {}

  /** The digest of the rows: the sum of their hashes. */
  static long of(List<Object[]> rows) {
    long sum = 0;
    for (Object[] row : rows) {
      sum += row(row);
    }
    return sum;
  }

  /** One row's hash. */
  static long row(Object[] row) {
    long h = OFFSET;
    for (Object value : row) {
      h = mix(h ^ value(value));
    }
    return mix(h ^ row.length);
  }

  private static long value(Object value) {
    if (value == null) {
      return 0x9e3779b97f4a7c15L;
    }
    long h = OFFSET ^ value.getClass().getName().hashCode();
    if (value instanceof byte[] bytes) {
      for (byte b : bytes) {
        h = (h ^ (b & 0xff)) * PRIME;
      }
      return mix(h ^ bytes.length);
    }
    String text = value instanceof String s ? s : String.valueOf(value);
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * PRIME;
    }
    return mix(h ^ text.length());
  }

  /** MurmurHash3's 64-bit finaliser: every input bit reaches every output bit. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  /** The digest as text for the checkpoint row. */
  static String text(long digest) {
    return Long.toHexString(digest);
  }
}
