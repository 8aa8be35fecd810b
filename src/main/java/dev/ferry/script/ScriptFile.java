package dev.ferry.script;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One script file being written: UTF-8, {@code \n} line ends, under a temporary name until it is
 * sealed; its size and SHA-256 are taken from the bytes on their way to disk. Memory is one
 * buffer, whatever the file's size.
 */
final class ScriptFile implements AutoCloseable {

  private static final int BUFFER = 1 << 16;

  /** Size and digest of a sealed file. */
  record Sealed(long bytes, String sha256) {}

  private final Path part;
  private final MessageDigest digest;
  private final Counting counting;
  private final Writer out;
  private final String separator;
  private boolean done;

  /**
   * @param part the temporary file to write
   * @param separator a line written after a statement when {@link #statement(String, boolean)}
   *     asks for it ({@code GO}), or null
   */
  ScriptFile(Path part, String separator) {
    this.part = part;
    this.separator = separator;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try {
      counting = new Counting(new DigestOutputStream(Files.newOutputStream(part), digest));
      out = new BufferedWriter(new OutputStreamWriter(counting, StandardCharsets.UTF_8), BUFFER);
    } catch (IOException e) {
      throw failure("create", e);
    }
  }

  /** Writes text as it is. */
  void write(String text) {
    try {
      out.write(text);
    } catch (IOException e) {
      throw failure("write", e);
    }
  }

  /** A {@code --} comment line; line breaks in the text cannot end it early. */
  void comment(String text) {
    write("-- " + SqlLiterals.printable(text) + "\n");
  }

  /** A statement and its semicolon, on a line of its own. */
  void statement(String sql) {
    statement(sql, false);
  }

  /** A statement, then the batch separator when {@code separate} and the dialect has one. */
  void statement(String sql, boolean separate) {
    write(sql + ";\n");
    if (separate && separator != null) {
      write(separator + "\n");
    }
  }

  /** Flushes, syncs and moves the file to its name; returns its size and digest. */
  Sealed seal(Path file) {
    try {
      out.flush();
      out.close();
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw failure("finish", e);
    }
    done = true;
    return new Sealed(counting.count, "sha256:" + HexFormat.of().formatHex(digest.digest()));
  }

  /** Without {@link #seal}, discards the file. */
  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      out.close();
    } catch (IOException ignored) {
      // discarded below
    }
    try {
      Files.deleteIfExists(part);
    } catch (IOException ignored) {
      // a leftover .part file is removed when the next run begins
    }
  }

  private FerryException failure(String action, IOException e) {
    return new FerryException(ErrorCode.UNEXPECTED, "cannot " + action + " " + part + ": "
        + FileFailure.reason(e) + ". Check free space and permissions, then run again.", e);
  }

  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
