package dev.ferry.copy;

import dev.ferry.api.FileFate;
import dev.ferry.api.FileRule;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.files.FileStore;
import dev.ferry.files.PathTemplate;
import dev.ferry.files.StorePath;
import dev.ferry.files.UnsafePath;
import dev.ferry.files.WritableStore;
import dev.ferry.files.WritableStore.Staged;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.ReferenceText;
import dev.ferry.rows.TablePlan;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One table's files: for each row, the file its path column names is streamed from the source
 * store into the target store (hashed and sized on the way, staged, renamed into place) before
 * the row goes on to its chunk's commit, and the row's reference is rewritten per the template.
 * A file the target store holds already, the same, is not written again ({@code skip}); one
 * missing, refused, not as the row expects or in conflict with the target's is not written, and
 * costs the row too under {@code on-mismatch: skip-row}. Holds one buffer per file, never a file.
 * A file is staged (written and hashed under a temporary name) as its row passes; the files
 * staged are committed together, durably, at the latest before their chunk goes to its writer
 * ({@link #flush}): at most {@value #FLUSH_FILES} rows' files or {@value #FLUSH_BYTES} bytes
 * wait.
 */
final class FileCopier {

  /** Rows' files handled between two flushes at most: bounds the lists and the temporaries. */
  static final int FLUSH_FILES = 1000;
  /** Staged bytes committed together at most: bounds the disk the temporaries hold. */
  static final long FLUSH_BYTES = 256L << 20;

  private final FileRule rule;
  private final FileStore source;
  private final FileStore target;
  private final PathTemplate template;
  private final int path;
  private final int sha256;
  private final int size;
  private final boolean dryRun;
  private final FileStage.Counts counts;
  private final FileAudit audit;
  /** The files staged since the last flush, and the audit lines of the rows handled since. */
  private final List<WritableStore.Move> pending = new ArrayList<>();
  private final List<FileAudit.Line> pendingLines = new ArrayList<>();
  private final Set<StorePath> pendingPaths = new HashSet<>();
  private long pendingBytes;

  /** @param path, sha256, size the columns' positions in the plan's rows; -1 for none */
  FileCopier(FileRule rule, FileStore source, FileStore target, int path, int sha256, int size,
      boolean dryRun, FileStage.Counts counts, FileAudit audit) {
    this.rule = rule;
    this.source = source;
    this.target = target;
    this.template = PathTemplate.parse(rule.template());
    this.path = path;
    this.sha256 = sha256;
    this.size = size;
    this.dryRun = dryRun;
    this.counts = counts;
    this.audit = audit;
  }

  /** The row to write, its reference rewritten; null when its file costs the row. */
  Object[] handle(TablePlan table, Object[] row) {
    String given = ReferenceText.of(row[path]);
    if (given == null) {
      return row;
    }
    String key = table.keyed() ? KeyCodec.encode(keyOf(table, row)) : null;
    FileAudit.Line line;
    try {
      line = copy(table, key, given, row);
    } catch (UnsafePath e) {
      line = new FileAudit.Line(table.source().qualified(), key, FileFate.REFUSED.label(), given,
          null, null, null, e.getMessage());
    } catch (IOException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "copying the file '" + given + "' of "
          + table.source().qualified() + (key == null ? "" : " row " + key) + " from "
          + source.describe() + " to " + target.describe() + " failed: "
          + FileFailure.reason(e) + ". Resume the run once the cause is fixed.", e);
    }
    pendingLines.add(line);
    FileFate fate = FileFate.valueOf(line.fate().toUpperCase(Locale.ROOT));
    counts.add(fate, fate == FileFate.COPIED && !dryRun ? line.size() : 0);
    if (pendingLines.size() >= FLUSH_FILES || pendingBytes >= FLUSH_BYTES) {
      flush(table);
    }
    if (fate.arrived()) {
      row[path] = line.target();
      return row;
    }
    return rule.skipRow() ? null : row;
  }

  /**
   * Commits the files staged since the last flush, durably and together ({@link
   * WritableStore#commit(List)}), then writes the audit lines of the rows handled since, in
   * their order: called before the rows' chunk goes to its writer, so a file is at its path
   * before its row's checkpoint commits, and a {@code copied} line is written only once its
   * file is there.
   */
  void flush(TablePlan table) {
    if (pendingLines.isEmpty()) {
      return;
    }
    try {
      target.writable().commit(pending);
    } catch (IOException | UnsafePath e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "writing " + pending.size() + " files of "
          + table.source().qualified() + " into " + target.describe() + " failed: "
          + (e instanceof IOException io ? FileFailure.reason(io) : e.getMessage())
          + ". Resume the run once the cause is fixed.", e);
    }
    audit.append(pendingLines);
    pending.clear();
    pendingLines.clear();
    pendingPaths.clear();
    pendingBytes = 0;
  }

  private FileAudit.Line copy(TablePlan table, String key, String given, Object[] row)
      throws IOException {
    String unit = table.source().qualified();
    StorePath from = StorePath.of(given);
    WritableStore out = target.writable();
    Staged staged;
    try (InputStream in = source.open(from)) {
      if (in == null) {
        return new FileAudit.Line(unit, key, FileFate.MISSING.label(), given, null, null, null,
            "no such file in " + source.describe());
      }
      staged = dryRun ? out.measure(in) : out.stage(in);
    }
    String problem = expected(row, staged);
    if (problem != null) {
      out.discard(staged);
      return line(unit, key, FileFate.MISMATCH, given, null, staged, problem);
    }
    StorePath to = template.target(from, staged.sha256());
    if (pendingPaths.contains(to)) {
      // an earlier row since the last flush brings the same file
      out.discard(staged);
      return line(unit, key, FileFate.SKIP, given, to.text(), staged, null);
    }
    long present;
    try {
      present = target.size(to);
    } catch (UnsafePath e) {
      out.discard(staged);
      throw e;
    }
    if (present >= 0) {
      out.discard(staged);
      boolean same = present == staged.size() && (template == PathTemplate.SHA256
          || sameAs(to, staged.sha256()));
      return same ? line(unit, key, FileFate.SKIP, given, to.text(), staged, null)
          : line(unit, key, FileFate.CONFLICT, given, null, staged, "the target store holds"
              + " another file at '" + to + "' (" + present + " bytes); it is kept");
    }
    if (!dryRun) {
      pending.add(new WritableStore.Move(staged, to));
      pendingPaths.add(to);
      pendingBytes += staged.size();
    }
    return line(unit, key, FileFate.COPIED, given, to.text(), staged, null);
  }

  /** Whether the target's file at that path has that SHA-256 (read, not written). */
  private boolean sameAs(StorePath to, String sha) throws IOException {
    try (InputStream in = target.open(to)) {
      return in != null && target.writable().measure(in).sha256().equals(sha);
    }
  }

  /** What differs from the row's expected hash and size; null when nothing does. */
  private String expected(Object[] row, Staged staged) {
    String sha = sha256 < 0 ? null : ReferenceText.of(row[sha256]);
    if (sha != null && !sha.trim().equalsIgnoreCase(staged.sha256())) {
      return "its SHA-256 is " + staged.sha256() + ", the row's " + rule.sha256Column()
          + " says " + sha.trim();
    }
    String bytes = size < 0 ? null : ReferenceText.of(row[size]);
    if (bytes != null && !bytes.trim().equals(Long.toString(staged.size()))) {
      return "it has " + staged.size() + " bytes, the row's " + rule.sizeColumn() + " says "
          + bytes.trim();
    }
    return null;
  }

  private static FileAudit.Line line(String unit, String key, FileFate fate, String given,
      String to, Staged staged, String reason) {
    return new FileAudit.Line(unit, key, fate.label(), given, to, staged.sha256(),
        staged.size(), reason);
  }

  private static Object[] keyOf(TablePlan table, Object[] row) {
    int[] positions = table.keyPositions();
    Object[] key = new Object[positions.length];
    for (int i = 0; i < positions.length; i++) {
      key[i] = row[positions[i]];
    }
    return key;
  }

}
