package dev.ferry.rows;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable buffer holding one value's canonical text in UTF-8, the input of its hash. {@link
 * CanonicalValue#encodeTo} writes the common types here directly, without building a string and
 * encoding it again for every value of every row.
 */
public final class CanonicalBytes {

  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  public byte[] bytes = new byte[64];
  public int length;

  public void clear() {
    length = 0;
  }

  private void room(int extra) {
    if (length + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
    }
  }

  public void put(byte b) {
    room(1);
    bytes[length++] = b;
  }

  /** Appends {@code src[from .. to)}. */
  public void put(byte[] src, int from, int to) {
    room(to - from);
    System.arraycopy(src, from, bytes, length, to - from);
    length += to - from;
  }

  /** Appends the UTF-8 of {@code s[0 .. end)}, exactly as {@link String#getBytes} would. */
  void utf8(String s, int end) {
    room(end);
    byte[] b = bytes;
    int n = length;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        // not ASCII: let the JDK encode (surrogates, unpaired ones included)
        length = n;
        byte[] rest = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
        put(rest, 0, rest.length);
        return;
      }
      b[n++] = (byte) c;
    }
    length = n;
  }

  void utf8(String s) {
    utf8(s, s.length());
  }

  /** Appends a long in decimal, as {@link Long#toString(long)}. */
  void decimal(long v) {
    if (v == Long.MIN_VALUE) {
      utf8(Long.toString(v));
      return;
    }
    room(20);
    if (v < 0) {
      bytes[length++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long p = 10; digits < 19 && v >= p; p *= 10) {
      digits++;
    }
    int end = length + digits;
    for (int i = end - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    length = end;
  }

  /** Appends {@code v} (0 to 99) as two digits. */
  void two(int v) {
    room(2);
    bytes[length++] = (byte) ('0' + v / 10);
    bytes[length++] = (byte) ('0' + v % 10);
  }

  /** Appends the 16 lower-case hex digits of {@code v}. */
  public void hex(long v) {
    room(16);
    BIG_ENDIAN_LONG.set(bytes, length, hexDigits(v >>> 32));
    BIG_ENDIAN_LONG.set(bytes, length + 8, hexDigits(v & 0xffffffffL));
    length += 16;
  }

  /**
   * The 8 lower-case hex digits of the 32 bits {@code x}, the first in the highest byte: each
   * nibble spread into a byte of its own, then turned into its digit in all 8 bytes at once.
   */
  static long hexDigits(long x) {
    x = (x | x << 16) & 0x0000ffff0000ffffL;
    x = (x | x << 8) & 0x00ff00ff00ff00ffL;
    x = (x | x << 4) & 0x0f0f0f0f0f0f0f0fL;
    // 1 in each byte whose nibble is 10 or more: those digits are letters, 'a' - '0' - 10 beyond
    long letters = (x + 0x0606060606060606L) >>> 4 & 0x0101010101010101L;
    return x + 0x3030303030303030L + letters * ('a' - '0' - 10);
  }

  /** Appends the lower-case hex digits of each byte. */
  public void hex(byte[] src) {
    room(src.length * 2);
    for (byte x : src) {
      bytes[length++] = HEX_DIGITS[(x >> 4) & 0xf];
      bytes[length++] = HEX_DIGITS[x & 0xf];
    }
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }
}
