package dev.ferry.copy;

import dev.ferry.api.RowFate;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The per-row audit of a run's merges, {@code merge-audit.jsonl} in the report directory
 * (docs/artifacts.md): one JSON line per source row of a merged table. Tables load in parallel,
 * so each unit appends to a part of its own ({@code merge-audit.parts/}); the part's length is
 * recorded with each chunk's checkpoint, and a resumed unit cuts its part back to the length
 * last committed, so that a kill and a resume leave the bytes an uninterrupted run writes. Once
 * the load is complete the parts are joined in load order into the audit. Nothing is held in
 * memory beyond a chunk's lines.
 */
final class MergeAudit {

  /** The audit's file name in the report directory. */
  static final String FILE = "merge-audit.jsonl";

  private final Path dir;
  private final Path parts;

  MergeAudit(Path reportDir) {
    this.dir = reportDir;
    this.parts = reportDir.resolve("merge-audit.parts");
  }

  /** A unit's part: its name made safe for a file, and a hash of it, so no two units share one. */
  private Path partOf(String unit) {
    return parts.resolve(unit.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
        + Integer.toHexString(unit.hashCode()) + ".jsonl");
  }

  /**
   * One line: what the audit says of a row; {@code sourceKey}, for a target row deleted whose
   * source key the id map knew, is that key; {@code target}, for a row whose target row the merge
   * kept, is that row's fingerprint ({@link dev.ferry.rows.RowFingerprint}). Its text is {@link
   * Json#compact}'s (fields in this order, nulls left out), which {@link #appendLine} writes
   * without a JSON library per row.
   */
  record Line(String table, String key, String sourceKey, String fate, String reason,
      String status, List<String> columns, String target) {}

  /**
   * Appends a {@link Line}'s text and a line feed: {@code table} already {@link #quoted}, {@code
   * sourceKey}, {@code reason}, {@code status}, {@code columns} and {@code target} left out where
   * null.
   */
  static void appendLine(StringBuilder out, String table, String key, String sourceKey,
      String fate, String reason, String status, List<String> columns, String target) {
    out.append("{\"table\":").append(table).append(",\"key\":");
    appendQuoted(out, key);
    if (sourceKey != null) {
      out.append(",\"sourceKey\":");
      appendQuoted(out, sourceKey);
    }
    out.append(",\"fate\":");
    appendQuoted(out, fate);
    if (reason != null) {
      out.append(",\"reason\":");
      appendQuoted(out, reason);
    }
    if (status != null) {
      out.append(",\"status\":");
      appendQuoted(out, status);
    }
    if (columns != null) {
      out.append(",\"columns\":[");
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        appendQuoted(out, columns.get(i));
      }
      out.append(']');
    }
    if (target != null) {
      out.append(",\"target\":");
      appendQuoted(out, target);
    }
    out.append("}\n");
  }

  /** A text as a JSON string, escaped as {@link Json#compact} escapes it. */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2);
    appendQuoted(out, text);
    return out.toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private static void appendQuoted(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c >= 0x20) {
        out.append(c);
      } else {
        switch (c) {
          case '\b' -> out.append("\\b");
          case '\t' -> out.append("\\t");
          case '\n' -> out.append("\\n");
          case '\f' -> out.append("\\f");
          case '\r' -> out.append("\\r");
          default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        }
      }
    }
    out.append('"');
  }

  /**
   * A unit's part, cut back to {@code committed} bytes (0 for a unit that starts).
   *
   * @throws FerryException when the part is shorter than an earlier attempt recorded (it was
   *     removed, or the report directory is another)
   */
  Part part(String unit, long committed) {
    Path file = partOf(unit);
    try {
      Files.createDirectories(parts);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      if (channel.size() < committed) {
        channel.close();
        throw new FerryException(ErrorCode.REFUSED, missing(unit, committed));
      }
      return new Part(channel, committed);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "cannot write the merge audit " + file
          + ": " + FileFailure.reason(e), e);
    }
  }

  /** Why a unit's audit cannot be continued: its part holds fewer bytes than were committed. */
  String missing(String unit, long committed) {
    return "the merge audit of " + unit + " in " + partOf(unit) + " holds fewer bytes than the"
        + " run recorded (" + committed + "): resume with the --report directory of the attempt"
        + " that wrote it (or none, if it had none), or start a new run.";
  }

  /** The length of a unit's part; 0 when there is none. */
  long length(String unit) {
    try {
      return Files.exists(partOf(unit)) ? Files.size(partOf(unit)) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Whether the parts were joined into the audit already (a run that completed its load). */
  boolean joined() {
    return Files.exists(dir.resolve(FILE)) && !Files.isDirectory(parts);
  }

  /**
   * Joins the parts of the units, in this (load) order, into the audit and removes them; does
   * nothing when no part was written (no merged table, or joined already).
   */
  void join(List<String> units) {
    if (!Files.isDirectory(parts)) {
      return;
    }
    Path joined = dir.resolve(FILE + ".tmp");
    try (FileChannel out = FileChannel.open(joined, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (String unit : units) {
        Path part = partOf(unit);
        if (Files.exists(part)) {
          try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
            long size = in.size();
            for (long at = 0; at < size; ) {
              at += in.transferTo(at, size - at, out);
            }
          }
        }
      }
      out.force(true);
      Files.move(joined, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      try (Stream<Path> files = Files.walk(parts)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "cannot write the merge audit "
          + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** A unit's part: appended to chunk by chunk, cut back to its committed length on a retry. */
  static final class Part implements AutoCloseable {
    private final FileChannel channel;
    private long committed;
    private long written;

    private Part(FileChannel channel, long committed) throws IOException {
      this.channel = channel;
      this.committed = committed;
      this.written = committed;
      channel.truncate(committed);
      channel.position(committed);
    }

    /**
     * Appends a chunk's lines after the committed bytes (a chunk tried again replaces what its
     * failed try wrote) and returns the part's length to commit with the chunk.
     */
    long append(MergeRows merge, List<MergeRows.Audited> rows) {
      String table = quoted(merge.table().target().qualified());
      StringBuilder text = new StringBuilder(rows.size() * 64);
      for (MergeRows.Audited a : rows) {
        appendLine(text, table, merge.keyLabel(a.row()), null, a.fate().label(),
            a.reason() == null ? null : a.reason().label(),
            dev.ferry.api.Outcome.of(a.fate(), a.reason()).label(),
            a.fate() == RowFate.UPDATED ? merge.columns(a.columns()) : null,
            a.kept() == null ? null : merge.fingerprint(a.kept()));
      }
      return write(text);
    }

    /**
     * Appends lines after the committed bytes, as {@link #append} does, and returns the part's
     * length to commit with them.
     */
    long appendLines(List<Line> lines) {
      StringBuilder text = new StringBuilder(lines.size() * 64);
      for (Line l : lines) {
        appendLine(text, quoted(l.table()), l.key(), l.sourceKey(), l.fate(), l.reason(),
            l.status(), l.columns(), l.target());
      }
      return write(text);
    }

    private long write(StringBuilder text) {
      try {
        channel.truncate(committed);
        channel.position(committed);
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        written = channel.position();
        return written;
      } catch (IOException e) {
        throw new FerryException(ErrorCode.UNEXPECTED, "cannot write the merge audit: "
            + FileFailure.reason(e), e);
      }
    }

    /** The part's length once the lines appended last are committed. */
    long written() {
      return written;
    }

    /** The chunk whose lines were appended last committed. */
    void committed() {
      committed = written;
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // every committed chunk's lines were written before its commit
      }
    }
  }

  /** {@link #shortParts(StateStore, java.sql.Connection, String, java.util.Set)} on target. */
  List<String> shortParts(JdbcTarget target, String run, java.util.Set<String> units) {
    try {
      return shortParts(target.state(), target.control(), run, units);
    } catch (java.sql.SQLException e) {
      throw target.failure("reading the merges' progress", e);
    }
  }

  /**
   * For a resume: the merged units whose part is shorter than the run recorded (removed, or this
   * is another --report directory), so the audit could not be completed; a sentence each.
   */
  List<String> shortParts(StateStore state, java.sql.Connection control, String run,
      java.util.Set<String> units) throws java.sql.SQLException {
    List<String> problems = new java.util.ArrayList<>();
    if (!state.exists(control, state.mergeProgress().table())) {
      return problems;
    }
    for (String unit : new java.util.TreeSet<>(units)) {
      MergeProgress.Saved saved = state.mergeProgress().read(control, run, unit);
      if (saved != null && !joined() && length(unit) < saved.auditBytes()) {
        problems.add(missing(unit, saved.auditBytes()));
      }
    }
    return problems;
  }
}
