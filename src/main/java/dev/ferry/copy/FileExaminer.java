package dev.ferry.copy;

import dev.ferry.api.FileFate;
import dev.ferry.files.FileStore;
import dev.ferry.files.PathTemplate;
import dev.ferry.files.StorePath;
import dev.ferry.files.UnsafePath;
import dev.ferry.files.WritableStore;
import dev.ferry.files.WritableStore.Staged;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a file thread does for one row of a table with files ({@link FileCopier}): reads the
 * file the row names from the source store, hashing and sizing it, and decides what it can
 * alone. Thread-safe: the stores are, and it keeps nothing but a count of the bytes staged.
 */
final class FileExaminer {

  /**
   * What a file's thread found: the row's audit line as far as it can tell, and, for a file to
   * be committed, where it is staged (null in a dry run) and where it goes.
   */
  record Found(FileAudit.Line line, Staged staged, StorePath to) {}

  private final FileStore source;
  private final FileStore target;
  private final PathTemplate template;
  private final boolean dryRun;
  /** The names of the row's columns that state its file's hash and size, for messages. */
  private final String sha256Column;
  private final String sizeColumn;
  /** Bytes staged and not yet committed, counted here and cleared by the copier. */
  final AtomicLong stagedBytes = new AtomicLong();

  FileExaminer(FileStore source, FileStore target, PathTemplate template, boolean dryRun,
      String sha256Column, String sizeColumn) {
    this.source = source;
    this.target = target;
    this.template = template;
    this.dryRun = dryRun;
    this.sha256Column = sha256Column;
    this.sizeColumn = sizeColumn;
  }

  /**
   * On a file thread: reads the row's file, hashing and sizing it, and decides what it can alone:
   * missing, not as the row expects, already at its path (the same or not); else a file to
   * commit, staged into the target store and forced to disk (measured only, in a dry run).
   * Where the path is the source's ({@code keep}), a file already there is compared, not written
   * again: a rerun reads the files and writes none.
   */
  Found examine(String unit, String key, String given, String sha, String bytes)
      throws IOException {
    StorePath from = StorePath.of(given);
    WritableStore out = target.writable();
    StorePath to = template == PathTemplate.SHA256 ? null : template.target(from, null);
    long present = -1;
    Staged staged;
    try (InputStream in = source.open(from)) {
      if (in == null) {
        return new Found(new FileAudit.Line(unit, key, FileFate.MISSING.label(), given, null,
            null, null, "no such file in " + source.describe()), null, null);
      }
      present = to == null ? -1 : target.size(to);
      staged = dryRun || present >= 0 ? out.measure(in) : out.stage(in, to != null);
    }
    String problem = expected(sha, bytes, staged);
    if (problem != null) {
      out.discard(staged);
      return new Found(line(unit, key, FileFate.MISMATCH, given, null, staged, problem), null,
          null);
    }
    if (to == null) {
      to = template.target(from, staged.sha256());
      try {
        present = target.size(to);
      } catch (UnsafePath e) {
        out.discard(staged);
        throw e;
      }
    }
    if (present >= 0) {
      out.discard(staged);
      boolean same = present == staged.size() && (template == PathTemplate.SHA256
          || sameAs(to, staged.sha256()));
      return new Found(same ? line(unit, key, FileFate.SKIP, given, to.text(), staged, null)
          : line(unit, key, FileFate.CONFLICT, given, null, staged, "the target store holds"
              + " another file at '" + to + "' (" + present + " bytes); it is kept"), null,
          null);
    }
    if (!dryRun) {
      staged = out.force(staged);
      stagedBytes.addAndGet(staged.size());
    }
    return new Found(line(unit, key, FileFate.COPIED, given, to.text(), staged, null),
        dryRun ? null : staged, to);
  }

  /** Whether the target's file at that path has that SHA-256 (read, not written). */
  private boolean sameAs(StorePath to, String sha) throws IOException {
    try (InputStream in = target.open(to)) {
      return in != null && target.writable().measure(in).sha256().equals(sha);
    }
  }

  /** What differs from the row's expected hash and size; null when nothing does. */
  private String expected(String sha, String bytes, Staged staged) {
    if (sha != null && !sha.trim().equalsIgnoreCase(staged.sha256())) {
      return "its SHA-256 is " + staged.sha256() + ", the row's " + sha256Column
          + " says " + sha.trim();
    }
    if (bytes != null && !bytes.trim().equals(Long.toString(staged.size()))) {
      return "it has " + staged.size() + " bytes, the row's " + sizeColumn + " says "
          + bytes.trim();
    }
    return null;
  }

  private static FileAudit.Line line(String unit, String key, FileFate fate, String given,
      String to, Staged staged, String reason) {
    return new FileAudit.Line(unit, key, fate.label(), given, to, staged.sha256(),
        staged.size(), reason);
  }
}
