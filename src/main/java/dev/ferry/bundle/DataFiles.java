package dev.ferry.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.ferry.catalog.TableName;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** Names, streams and checksums of a bundle's files. */
final class DataFiles {

  static final String MANIFEST = "manifest.json";
  static final String RUN = "run.json";
  static final String PART = ".part";
  static final String JSONL = ".jsonl";
  static final String GZ = ".gz";
  static final int BUFFER = 1 << 16;

  /** Longest table part of a file name; the number in front keeps shortened names apart. */
  private static final int MAX_NAME = 100;
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final Pattern DATA_FILE = Pattern.compile("[0-9]{4,}-[A-Za-z0-9._-]*\\.jsonl(\\.gz)?");

  /**
   * One factory for every data file: valid surrogate pairs written as 4-byte UTF-8 (lone
   * surrogates, which some engines allow, as {@code \\u} escapes), rows separated by the writer
   * itself, strings of any length when reading back (a multi-megabyte BLOB is one string).
   */
  static final JsonFactory JSON = new JsonFactoryBuilder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      .rootValueSeparator((String) null)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxStringLength(Integer.MAX_VALUE)
          .build())
      .build();

  private DataFiles() {}

  /**
   * The data file name of a table: its 1-based place in the load order, zero-padded to {@code
   * width}, a dash, the qualified name with every character other than ASCII letters, digits, dot,
   * dash and underscore replaced by {@code _} and cut to 100 characters, then {@code .jsonl} (and
   * {@code .gz}). The number alone is unique, so two tables never share a file, whatever their
   * names or the file system's letter case.
   */
  static String fileName(int number, int width, TableName table, boolean gzip) {
    String name = UNSAFE.matcher(table.qualified()).replaceAll("_");
    if (name.length() > MAX_NAME) {
      name = name.substring(0, MAX_NAME);
    }
    String digits = String.valueOf(number);
    return "0".repeat(Math.max(0, width - digits.length())) + digits + "-" + name + JSONL
        + (gzip ? GZ : "");
  }

  /** True for a name {@link #fileName} could have made: a plain name, never a path. */
  static boolean isDataFileName(String file) {
    return file != null && DATA_FILE.matcher(file).matches();
  }

  static boolean isGzip(String file) {
    return file.endsWith(GZ);
  }

  /** True for files a killed run leaves behind: unfinished data files and manifest temporaries. */
  static boolean isLeftover(String file) {
    boolean jsonTemporary = (file.startsWith("." + MANIFEST) || file.startsWith("." + RUN))
        && file.endsWith(".tmp");
    return file.endsWith(PART) || jsonTemporary;
  }

  /** The rows of a data file as a byte stream, decompressed when the name says gzip. */
  static InputStream openContent(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      return isGzip(file.getFileName().toString()) ? new GZIPInputStream(in, BUFFER) : in;
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  /** Size and SHA-256 of a file as stored, read once in a streaming pass. */
  static Digest digest(Path file) throws IOException {
    MessageDigest sha = sha256();
    long size = 0;
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
        size += n;
      }
    }
    return new Digest(size, HexFormat.of().formatHex(sha.digest()));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * A file's size in bytes and lower-case hex SHA-256.
   *
   * @param bytes size as stored
   * @param sha256 hex digest as stored
   */
  record Digest(long bytes, String sha256) {}

  /** Counts and hashes the bytes passing through to the file, so nothing is read back. */
  static final class HashingOutputStream extends FilterOutputStream {
    private final MessageDigest sha = sha256();
    private long count;

    HashingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      sha.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      sha.update(b, off, len);
      count += len;
    }

    /** Size and digest of everything written; call once, after the last write. */
    Digest digest() {
      return new Digest(count, HexFormat.of().formatHex(sha.digest()));
    }
  }
}
