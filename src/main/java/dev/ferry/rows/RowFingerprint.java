package dev.ferry.rows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

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
    private final byte[] length = new byte[4];

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
      for (int i = 0; i < order.length; i++) {
        part(names[i]);
        String value = canonical.get(order[i]);
        if (value == null) {
          length(-1);
        } else {
          part(value.getBytes(StandardCharsets.UTF_8));
        }
      }
      return HEX.formatHex(sha.digest(), 0, 16);
    }

    private void part(byte[] bytes) {
      length(bytes.length);
      sha.update(bytes);
    }

    private void length(int n) {
      length[0] = (byte) (n >>> 24);
      length[1] = (byte) (n >>> 16);
      length[2] = (byte) (n >>> 8);
      length[3] = (byte) n;
      sha.update(length);
    }
  }
}
