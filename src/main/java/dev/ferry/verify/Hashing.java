package dev.ferry.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The 64-bit hashes checksums are built from (docs/verification.md, "Checksums"). A value's hash
 * is the first 8 bytes, big-endian, of the MD5 of its canonical text in UTF-8; a row's (or a
 * key's) hash is the same over the concatenation of its columns' tokens, each token being the 16
 * lower-case hex digits of the value's hash or {@code ~} for NULL. MD5 is used because
 * PostgreSQL and MariaDB compute it natively, so the same numbers come out of a database and out
 * of ferry; it serves as a well-mixed 64-bit function here, not as a defence against forgery.
 */
final class Hashing {

  /** The token of a NULL value in a row's hash input. */
  static final byte NULL_TOKEN = '~';

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(Hashing::md5);

  private Hashing() {}

  /** The hash of a canonical text (not null). */
  static long value(String canonical) {
    return first64(MD5.get().digest(canonical.getBytes(StandardCharsets.UTF_8)));
  }

  /** A new MD5 for one thread's hashing ({@link Md5Hasher}). */
  static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }

  /**
   * The hashes of {@link Hashing} for one thread, with its own digest and buffers: no
   * thread-local lookup and no allocation per hash.
   */
  static final class Md5Hasher {
    private final MessageDigest md5 = md5();
    private final byte[] digest = new byte[16];

    /** The first 8 bytes, big-endian, of the MD5 of {@code bytes[0 .. length)}. */
    long first64(byte[] bytes, int length) {
      md5.update(bytes, 0, length);
      try {
        md5.digest(digest, 0, 16);
      } catch (java.security.DigestException e) {
        throw new IllegalStateException("MD5 writes 16 bytes", e);
      }
      return Hashing.first64(digest);
    }
  }

  /**
   * The hash over columns' tokens: {@code hashes[i]} for each index in {@code columns}, or the
   * NULL token where {@code nulls[i]}.
   */
  static long combine(long[] hashes, boolean[] nulls, int[] columns) {
    byte[] input = new byte[columns.length * 16];
    int length = 0;
    for (int c : columns) {
      if (nulls[c]) {
        input[length++] = NULL_TOKEN;
      } else {
        long h = hashes[c];
        for (int shift = 60; shift >= 0; shift -= 4) {
          input[length++] = HEX_DIGITS[(int) (h >>> shift) & 0xf];
        }
      }
    }
    MessageDigest md5 = MD5.get();
    md5.update(input, 0, length);
    return first64(md5.digest());
  }

  /** The 16 lower-case hex digits of a hash or checksum (unsigned). */
  static String hex(long value) {
    return HEX.toHexDigits(value);
  }

  /** The range (0 to 65,535) of a key hash: its top 16 bits. */
  static int bucket(long keyHash) {
    return (int) (keyHash >>> (64 - Bisection.BUCKET_BITS));
  }

  private static long first64(byte[] digest) {
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (digest[i] & 0xff);
    }
    return h;
  }
}
