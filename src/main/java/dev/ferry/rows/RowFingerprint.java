package dev.ferry.rows;

import java.nio.ByteBuffer;
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
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
    int[] order = IntStream.range(0, names.size()).boxed()
        .sorted(Comparator.comparing(i -> names.get(i).toLowerCase(Locale.ROOT)))
        .mapToInt(Integer::intValue).toArray();
    for (int i : order) {
      part(sha, names.get(i).toLowerCase(Locale.ROOT));
      String value = canonical.get(i);
      if (value == null) {
        sha.update(ByteBuffer.allocate(4).putInt(-1).array());
      } else {
        part(sha, value);
      }
    }
    return HEX.formatHex(sha.digest(), 0, 16);
  }

  private static void part(MessageDigest sha, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }
}
