package dev.ferry.copy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The source's child keys of a {@code children: replace} sweep (docs/merge.md, "Child tables"),
 * kept on disk: each key's canonical text as a 128-bit digest (the first 16 bytes of its
 * SHA-256), fixed-width records in a memory-mapped temporary file, sorted once in place (heap
 * sort, no heap memory) and looked up by binary search. The heap holds nothing per key; the file
 * takes 16 bytes a key and is deleted on {@link #close}.
 *
 * <p>A key it says is absent is absent (equal texts have equal digests), so a row is never
 * deleted for a digest; a key it says is present could in principle be another key with the
 * same digest, which for n keys happens with a probability of about n²/2¹²⁹ (for a billion
 * keys, about 10⁻²¹), and would keep a row rather than delete it.
 */
final class KeyDigests implements AutoCloseable {

  /** Bytes a mapped segment holds by default (4,194,304 digests). */
  static final int SEGMENT = 1 << 26;

  private final PairFile digests;
  private final MessageDigest sha;
  private long size;
  private boolean sealed;

  KeyDigests() {
    this(SEGMENT);
  }

  /** With segments of {@code segmentBytes} (a multiple of 16), for tests. */
  KeyDigests(int segmentBytes) {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    digests = new PairFile("ferry-children-", "the source's child keys", segmentBytes);
  }

  long size() {
    return size;
  }

  /** Adds a key, before {@link #seal}. */
  void add(String key) {
    if (sealed) {
      throw new IllegalStateException("keys added after the set was sealed");
    }
    ByteBuffer d = digest(key);
    put(size++, d.getLong(0), d.getLong(8));
  }

  /** Sorts the keys added, so that {@link #contains} may be asked. */
  void seal() {
    digests.sort(size);
    sealed = true;
  }

  /** Whether the key was added (see the class comment for the chance of a false yes). */
  boolean contains(String key) {
    if (!sealed) {
      throw new IllegalStateException("looked up before the set was sealed");
    }
    ByteBuffer d = digest(key);
    long hi = d.getLong(0);
    long lo = d.getLong(8);
    long low = 0;
    long high = size - 1;
    while (low <= high) {
      long mid = (low + high) >>> 1;
      int c = digests.compare(mid, hi, lo);
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  private ByteBuffer digest(String key) {
    return ByteBuffer.wrap(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  private void put(long i, long hi, long lo) {
    digests.put(i, hi, lo);
  }

  @Override
  public void close() {
    digests.close();
  }
}
