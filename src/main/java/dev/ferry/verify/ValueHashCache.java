package dev.ferry.verify;

import java.util.Arrays;

/**
 * Remembers the hashes of one column's recent short values, so that a value repeated (a status, a
 * flag, a foreign key, the same parent on consecutive rows) is hashed once rather than on every
 * row. A hash depends only on the canonical bytes, which the cache compares in full: a hit gives
 * exactly the hash MD5 would. Direct-mapped with {@value #SLOTS} slots of values up to {@value
 * #MAX_BYTES} bytes (about 180 KiB per column); a column whose values rarely repeat turns it off
 * after {@value #TRIAL} lookups, so that unique values pay for the lookups only that long.
 */
final class ValueHashCache {

  static final int SLOTS = 4096;
  static final int MAX_BYTES = 32;
  static final int TRIAL = 8192;

  private final byte[] keys = new byte[SLOTS * MAX_BYTES];
  private final byte[] lengths = new byte[SLOTS];
  private final long[] hashes = new long[SLOTS];
  private final Hashing.Md5Hasher md5;
  private boolean on = true;
  private int lookups;
  private int hits;

  ValueHashCache(Hashing.Md5Hasher md5) {
    this.md5 = md5;
    Arrays.fill(lengths, (byte) -1);
  }

  /** The hash of {@code text}'s canonical bytes: remembered, or computed and remembered. */
  long hash(CanonicalBytes text) {
    int length = text.length;
    if (!on || length > MAX_BYTES) {
      return md5.first64(text.bytes, length);
    }
    if (++lookups == TRIAL) {
      on = hits >= TRIAL / 8;
    }
    byte[] b = text.bytes;
    int h = length;
    for (int i = 0; i < length; i++) {
      h = 31 * h + b[i];
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    int slot = h & (SLOTS - 1);
    int at = slot * MAX_BYTES;
    if (lengths[slot] == length && Arrays.equals(keys, at, at + length, b, 0, length)) {
      hits++;
      return hashes[slot];
    }
    long hash = md5.first64(b, length);
    System.arraycopy(b, 0, keys, at, length);
    lengths[slot] = (byte) length;
    hashes[slot] = hash;
    return hash;
  }
}
