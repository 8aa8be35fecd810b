package dev.ferry.rows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * The fingerprint of one target row: what a merge records in its audit for a row whose target
 * row it kept ({@code skip}, {@code newer-wins}), so that {@code verify} can prove later that the
 * row is still as the run left it (docs/verification.md, "Merged tables"). It is the first 128
 * bits of the SHA-256 over the row's columns ordered by lower-cased name, each as its name and
 * its {@link CanonicalValue canonical text} (or a NULL mark), every part preceded by its length:
 * the same row gives the same fingerprint whichever engine, driver or reading path produced its
 * values, and the key is part of it, so no two rows of a table share one.
 */
public final class RowFingerprint {

  private static final HexFormat HEX = HexFormat.of();

  private RowFingerprint() {}

  /**
   * The fingerprint of a row.
   *
   * @param names the columns' names (compared ignoring case)
   * @param canonical each column's canonical text, null for NULL, in the order of {@code names}
   * @return 32 lower-case hex digits
   */
  public static String of(List<String> names, List<String> canonical) {
    return new Hasher(names).of(canonical);
  }

  /**
   * The fingerprints of many rows of one set of columns: their order and names prepared once, one
   * digest reused. Not thread-safe.
   */
  public static final class Hasher {

    private final int[] order;
    private final byte[][] names;
    private final MessageDigest sha;
    /** One row's bytes, reused: up to a mebibyte kept between rows, a longer row's let go. */
    private byte[] bytes = new byte[256];
    private int size;

    /** @param names the columns' names (compared ignoring case), in the order values come */
    public Hasher(List<String> names) {
      this.order = IntStream.range(0, names.size()).boxed()
          .sorted(Comparator.comparing(i -> names.get(i).toLowerCase(Locale.ROOT)))
          .mapToInt(Integer::intValue).toArray();
      this.names = new byte[order.length][];
      for (int i = 0; i < order.length; i++) {
        this.names[i] = names.get(order[i]).toLowerCase(Locale.ROOT)
            .getBytes(StandardCharsets.UTF_8);
      }
      try {
        this.sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JVM has no SHA-256", e);
      }
    }

    /**
     * The fingerprint of a row.
     *
     * @param canonical each column's canonical text, null for NULL, in the names' order
     * @return 32 lower-case hex digits
     */
    public String of(List<String> canonical) {
      fill(canonical);
      sha.update(bytes, 0, size);
      shrink();
      return HEX.formatHex(sha.digest(), 0, 16);
    }

    /**
     * A row's quick hash: MurmurHash3 (x64, 128 bits, seed 0) over the same bytes as {@link #of},
     * as 32 lower-case hex digits. Not a fingerprint anyone else can be held to (it is no
     * cryptographic hash), but as likely as one to tell two different rows apart by chance, and
     * several times cheaper where only the JVM's first compiler runs: the rollback journal's
     * after-hash, which only ferry compares with the row it finds.
     */
    public String quick(List<String> canonical) {
      fill(canonical);
      long[] h = MurmurHash3.hash128x64(bytes, 0, size, 0);
      shrink();
      return HEX.toHexDigits(h[0]) + HEX.toHexDigits(h[1]);
    }

    /** After a row of over a mebibyte, the buffer goes back to its first size. */
    private void shrink() {
      if (bytes.length > 1 << 20) {
        bytes = new byte[256];
      }
    }

    /** The row's bytes: each column's name and value (or a NULL mark), each after its length. */
    private void fill(List<String> canonical) {
      size = 0;
      for (int i = 0; i < order.length; i++) {
        part(names[i]);
        String value = canonical.get(order[i]);
        if (value == null) {
          length(-1);
        } else {
          part(value.getBytes(StandardCharsets.UTF_8));
        }
      }
    }

    private void part(byte[] part) {
      length(part.length);
      room(part.length);
      System.arraycopy(part, 0, bytes, size, part.length);
      size += part.length;
    }

    private void length(int n) {
      room(4);
      bytes[size++] = (byte) (n >>> 24);
      bytes[size++] = (byte) (n >>> 16);
      bytes[size++] = (byte) (n >>> 8);
      bytes[size++] = (byte) n;
    }

    private void room(int more) {
      if (size + more > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }
}
