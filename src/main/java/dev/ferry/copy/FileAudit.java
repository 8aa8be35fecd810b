package dev.ferry.copy;

import dev.ferry.api.FileFate;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.json.Json;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The per-file audit, {@code file-audit.jsonl} in the report directory (docs/artifacts.md): one
 * JSON line per file a row pointed to, written as the file is handled, before the row's chunk
 * commits. A resumed attempt appends to it (after cutting a line a kill left half-written), so
 * the rows of a chunk that was not committed appear again, then with the fate the rerun found
 * ({@code skip} for a file that was complete): the last line of a row is its file's fate.
 */
final class FileAudit implements AutoCloseable {

  /** The audit's file name in the report directory. */
  static final String FILE = "file-audit.jsonl";

  /**
   * One line; nulls are left out.
   *
   * @param table the source table
   * @param key the row's key ({@link dev.ferry.rows.KeyCodec}); null for a table without one
   * @param fate the file's {@link FileFate} label
   * @param source the path the row gave, as it gave it
   * @param target the path in the target store (the row's new reference); null when none
   * @param sha256 the file's SHA-256 as read; null when it was not read
   * @param size its size in bytes as read; null when it was not read
   * @param reason why a file did not arrive
   */
  record Line(String table, String key, String fate, String source, String target,
      String sha256, Long size, String reason) {}

  private final Path file;
  private final Writer out;

  FileAudit(Path reportDir) {
    this.file = reportDir.resolve(FILE);
    try {
      Files.createDirectories(reportDir);
      cutHalfLine(file);
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "cannot write the file audit " + file + ": "
          + FileFailure.reason(e), e);
    }
  }

  /** Cuts what follows the last line feed: the line a kill interrupted. */
  private static void cutHalfLine(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      long end = ch.size();
      java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
      while (end > 0) {
        one.clear();
        ch.read(one, end - 1);
        if (one.get(0) == '\n') {
          break;
        }
        end--;
      }
      ch.truncate(end);
    }
  }

  synchronized void append(Line line) {
    append(java.util.List.of(line));
  }

  /** Appends lines, in order, and hands them to the system at once. */
  synchronized void append(java.util.List<Line> lines) {
    try {
      for (Line line : lines) {
        out.write(Json.compact(line));
        out.write('\n');
      }
      // out of the process at once: a kill loses no line of a file already at its path
      out.flush();
    } catch (IOException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "cannot write the file audit " + file + ": "
          + FileFailure.reason(e), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "cannot write the file audit " + file + ": "
          + FileFailure.reason(e), e);
    }
  }
}
