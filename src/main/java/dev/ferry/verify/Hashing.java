package dev.ferry.verify;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The 64-bit hashes checksums are built from (docs/verification.md, "Checksums"). A value's hash
 * is {@link #hash} of its canonical text in UTF-8; a row's (or a key's) hash is the same over the
 * concatenation of its columns' tokens, each token being the 16 lower-case hex digits of the
 * value's hash or {@code ~} for NULL.
 *
 * <p>{@link #hash} is Bob Jenkins' lookup3 as PostgreSQL implements it in {@code
 * hash_bytes_extended} (src/common/hashfn.c) and exposes as {@code hashtextextended(text, 0)}, on
 * a little-endian server: PostgreSQL computes the same numbers in SQL, and the JVM computes one in
 * a few nanoseconds per short value without a digest object (MD5, the definition before, took
 * half the CPU of a verification). It is a well-mixed 64-bit function for detecting accidents, not
 * a defence against forgery.
 */
public final class Hashing {

  /** The token of a NULL value in a row's hash input. */
  static final byte NULL_TOKEN = '~';

  private static final HexFormat HEX = HexFormat.of();
  private static final VarHandle LE32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private Hashing() {}

  /** The hash of a canonical text (not null). */
  public static long value(String canonical) {
    byte[] bytes = canonical.getBytes(StandardCharsets.UTF_8);
    return hash(bytes, bytes.length);
  }

  /**
   * PostgreSQL's {@code hash_bytes_extended(k, length, 0)} on a little-endian machine: lookup3's
   * 96-bit state, mixed every 12 bytes, the last 0 to 11 bytes added little-endian, then the
   * final mix; the result is {@code b} in the upper and {@code c} in the lower 32 bits.
   */
  public static long hash(byte[] k, int length) {
    return hash(k, 0, length);
  }

  /** {@link #hash(byte[], int)} of the {@code length} bytes of {@code k} from {@code from}. */
  public static long hash(byte[] k, int from, int length) {
    int a = 0x9e3779b9 + length + 3923095;
    int b = a;
    int c = a;
    int i = from;
    int left = length;
    while (left >= 12) {
      a += le32(k, i);
      b += le32(k, i + 4);
      c += le32(k, i + 8);
      a -= c;
      a ^= Integer.rotateLeft(c, 4);
      c += b;
      b -= a;
      b ^= Integer.rotateLeft(a, 6);
      a += c;
      c -= b;
      c ^= Integer.rotateLeft(b, 8);
      b += a;
      a -= c;
      a ^= Integer.rotateLeft(c, 16);
      c += b;
      b -= a;
      b ^= Integer.rotateLeft(a, 19);
      a += c;
      c -= b;
      c ^= Integer.rotateLeft(b, 4);
      b += a;
      i += 12;
      left -= 12;
    }
    // the tail, each byte into its place of a, b or c (PostgreSQL's switch that falls through)
    if (left > 8) {
      c += tail(k, i + 8, left - 8) << 8;
    }
    if (left > 4) {
      b += tail(k, i + 4, Math.min(left - 4, 4));
    }
    if (left > 0) {
      a += tail(k, i, Math.min(left, 4));
    }
    c ^= b;
    c -= Integer.rotateLeft(b, 14);
    a ^= c;
    a -= Integer.rotateLeft(c, 11);
    b ^= a;
    b -= Integer.rotateLeft(a, 25);
    c ^= b;
    c -= Integer.rotateLeft(b, 16);
    a ^= c;
    a -= Integer.rotateLeft(c, 4);
    b ^= a;
    b -= Integer.rotateLeft(a, 14);
    c ^= b;
    c -= Integer.rotateLeft(b, 24);
    return ((long) b << 32) | (c & 0xffffffffL);
  }

  private static int le32(byte[] k, int at) {
    return (int) LE32.get(k, at);
  }

  /**
   * Up to 4 bytes little-endian from {@code at}: byte j goes to bits 8j. One load and a mask
   * where the array has 4 bytes from {@code at} (a reused buffer usually has).
   */
  private static int tail(byte[] k, int at, int count) {
    if (at + 4 <= k.length) {
      return le32(k, at) & (int) (0xffffffffL >>> (32 - 8 * count));
    }
    int v = 0;
    for (int j = count - 1; j >= 0; j--) {
      v = v << 8 | (k[at + j] & 0xff);
    }
    return v;
  }

  /**
   * The hash over columns' tokens: {@code hashes[i]} for each index in {@code columns}, or the
   * NULL token where {@code nulls[i]}. The definition written plainly: {@link RowHasher} computes
   * the same through reusable buffers, and the tests hold it to this.
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
    return hash(input, length);
  }

  /** The 16 lower-case hex digits of a hash or checksum (unsigned). */
  public static String hex(long value) {
    return HEX.toHexDigits(value);
  }

  /** The range (0 to 65,535) of a key hash: its top 16 bits. */
  static int bucket(long keyHash) {
    return (int) (keyHash >>> (64 - Bisection.BUCKET_BITS));
  }
}
