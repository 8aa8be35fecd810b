package dev.ferry.rows;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A 64-bit digest of rows as the source reader handed them over, to tell on resume whether the
 * rows a run already copied are still what the source holds. Each row hashes to 64 bits (every
 * value's 32-bit content hash with its type, mixed in order); a set of rows digests to the sum of
 * its rows' hashes, so the digest of a range does not depend on how it was cut into chunks. It
 * detects accidental change (an update, insert or delete; a changed value goes unnoticed with a
 * chance of about 2^-32), not a deliberate collision. The content hashes are those the JDK defines
 * for its value types: a resume on another JDK whose hashes differ is refused, never passed.
 */
public final class RowDigest {

  private static final long OFFSET = 0xcbf29ce484222325L;

  private RowDigest() {}

  /** The digest of the rows: the sum of their hashes. */
  public static long of(List<Object[]> rows) {
    long sum = 0;
    for (Object[] row : rows) {
      sum += row(row);
    }
    return sum;
  }

  /** One row's hash. */
  public static long row(Object[] row) {
    long h = OFFSET;
    for (Object value : row) {
      h = mix(h + value(value));
    }
    return mix(h ^ row.length);
  }

  /**
   * A value's hash with its type: the content hash Java defines for strings, numbers, dates and
   * UUIDs (no text made, nothing allocated: this runs for every row a copy reads), bytes by
   * content, anything else by its text.
   */
  private static long value(Object value) {
    if (value == null) {
      return 0x9e3779b97f4a7c15L;
    }
    int content;
    if (value instanceof String
        || value instanceof Number || value instanceof Boolean || value instanceof UUID
        || value instanceof java.time.temporal.TemporalAccessor) {
      content = value.hashCode();
    } else if (value instanceof byte[] bytes) {
      content = Arrays.hashCode(bytes);
    } else if (value instanceof ServerText text) {
      content = Arrays.hashCode(text.utf8());
    } else {
      content = String.valueOf(value).hashCode();
    }
    return ((long) value.getClass().getName().hashCode() << 32) ^ (content & 0xffffffffL);
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
  public static String text(long digest) {
    return Long.toHexString(digest);
  }
}
