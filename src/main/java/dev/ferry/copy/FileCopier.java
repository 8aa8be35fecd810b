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
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One table's files: for each row, the file its path column names is streamed from the source
 * store into the target store (hashed and sized on the way, staged, renamed into place) before
 * the row goes on to its chunk's commit, and the row's reference is rewritten per the template.
 * A file the target store holds already, the same, is not written again ({@code skip}); one
 * missing, refused, not as the row expects or in conflict with the target's is not written, and
 * costs the row too under {@code on-mismatch: skip-row}.
 *
 * <p>Files are read, hashed and staged on the run's file threads, up to {@value #IN_FLIGHT} of a
 * table at once, while the reading thread goes on with the chunk's rows: many small files keep
 * both the disk and the cores busy where one at a time left them waiting on each other. What a
 * file's fate depends on in row order (two rows bringing the same file) is decided in row order
 * when the files are committed ({@link #flush}), together and durably, at the latest before their
 * chunk goes to its writer: at most {@value #FLUSH_FILES} rows' files wait, and the staged files
 * not yet committed hold at most {@value #FLUSH_BYTES} bytes plus {@value #IN_FLIGHT} files. One
 * buffer per file thread, never a file.
 */
final class FileCopier {

  /** Rows' files handled between two flushes at most: bounds the lists and the temporaries. */
  static final int FLUSH_FILES = 1000;
  /** Staged bytes committed together at most: bounds the disk the temporaries hold. */
  static final long FLUSH_BYTES = 256L << 20;
  /** A table's files being read, hashed and staged at once. */
  static final int IN_FLIGHT = 16;

  /**
   * What a file's thread found: the row's audit line as far as it can tell, and, for a file to
   * be committed, where it is staged (null in a dry run) and where it goes.
   */
  private record Found(FileAudit.Line line, Staged staged, StorePath to) {}

  /** A row whose file is being examined, in row order. */
  private record Waiting(Object[] row, String unit, String key, String given,
      Future<Found> found) {}

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
  private final ExecutorService threads;
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  /** Bytes staged since the last flush, by the file threads. */
  private final AtomicLong stagedBytes = new AtomicLong();
  /** The rows whose files were handed out since the last flush, in row order. */
  private final List<Waiting> waiting = new ArrayList<>();
  /** The rows left out since the last chunk ended (under {@code on-mismatch: skip-row}). */
  private final Set<Object[]> dropped = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * @param path, sha256, size the columns' positions in the plan's rows; -1 for none
   * @param threads the run's file threads, shared by the tables
   */
  FileCopier(FileRule rule, FileStore source, FileStore target, int path, int sha256, int size,
      boolean dryRun, FileStage.Counts counts, FileAudit audit, ExecutorService threads) {
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
    this.threads = threads;
  }

  /**
   * Hands the row's file to a file thread and returns the row; its reference is rewritten, or
   * the row left out, when its file is settled ({@link #flush}, before the chunk is written).
   */
  Object[] handle(TablePlan table, Object[] row) {
    String given = ReferenceText.of(row[path]);
    if (given == null) {
      return row;
    }
    String unit = table.source().qualified();
    String key = table.keyed() ? KeyCodec.encode(keyOf(table, row)) : null;
    String sha = sha256 < 0 ? null : ReferenceText.of(row[sha256]);
    String bytes = size < 0 ? null : ReferenceText.of(row[size]);
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNEXPECTED, "interrupted while copying files", e);
    }
    Future<Found> found;
    try {
      found = threads.submit(() -> {
        try {
          return examine(unit, key, given, sha, bytes);
        } finally {
          inFlight.release();
        }
      });
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
    waiting.add(new Waiting(row, unit, key, given, found));
    if (waiting.size() >= FLUSH_FILES || stagedBytes.get() >= FLUSH_BYTES) {
      flush(table);
    }
    return row;
  }

  /**
   * Ends a chunk: its files settled and committed ({@link #flush}), and each row whose file
   * costs it set to null in {@code rows}.
   */
  void chunkEnded(TablePlan table, List<Object[]> rows) {
    flush(table);
    if (!dropped.isEmpty()) {
      rows.replaceAll(r -> r != null && dropped.contains(r) ? null : r);
      dropped.clear();
    }
  }

  /**
   * Settles the files handed out since the last flush, in row order (each row's reference
   * rewritten, or the row marked to be left out), commits the staged ones durably and together
   * ({@link WritableStore#commit(List)}), then writes their audit lines in row order: so a file
   * is at its path before its row's checkpoint commits, and a {@code copied} line is written
   * only once its file is there.
   */
  void flush(TablePlan table) {
    if (waiting.isEmpty()) {
      return;
    }
    List<WritableStore.Move> moves = new ArrayList<>();
    List<FileAudit.Line> lines = new ArrayList<>(waiting.size());
    Set<StorePath> paths = new HashSet<>();
    try {
      for (Waiting w : waiting) {
        FileAudit.Line line = settle(w, moves, paths);
        lines.add(line);
        FileFate fate = FileFate.valueOf(line.fate().toUpperCase(Locale.ROOT));
        counts.add(fate, fate == FileFate.COPIED && !dryRun ? line.size() : 0);
        if (fate.arrived()) {
          w.row()[path] = line.target();
        } else if (rule.skipRow()) {
          dropped.add(w.row());
        }
      }
    } finally {
      waiting.clear();
      stagedBytes.set(0);
    }
    try {
      target.writable().commit(moves);
    } catch (IOException | UnsafePath e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "writing " + moves.size() + " files of "
          + table.source().qualified() + " into " + target.describe() + " failed: "
          + (e instanceof IOException io ? FileFailure.reason(io) : e.getMessage())
          + ". Resume the run once the cause is fixed.", e);
    }
    audit.append(lines);
  }

  /**
   * A row's audit line once its file thread is done: a file to commit whose path an earlier row
   * since the last flush brings already is not committed twice ({@code skip}).
   */
  private FileAudit.Line settle(Waiting w, List<WritableStore.Move> moves, Set<StorePath> paths) {
    Found found;
    try {
      found = w.found().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNEXPECTED, "interrupted while copying files", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UnsafePath unsafe) {
        return new FileAudit.Line(w.unit(), w.key(), FileFate.REFUSED.label(), w.given(), null,
            null, null, unsafe.getMessage());
      }
      if (cause instanceof IOException io) {
        throw new FerryException(ErrorCode.UNEXPECTED, "copying the file '" + w.given()
            + "' of " + w.unit() + (w.key() == null ? "" : " row " + w.key()) + " from "
            + source.describe() + " to " + target.describe() + " failed: "
            + FileFailure.reason(io) + ". Resume the run once the cause is fixed.", io);
      }
      throw cause instanceof RuntimeException r ? r
          : new FerryException(ErrorCode.UNEXPECTED, "copying the file '" + w.given() + "' of "
              + w.unit() + " failed: " + cause, cause);
    }
    if (found.to() == null) {
      return found.line();
    }
    if (!paths.add(found.to())) {
      // an earlier row since the last flush brings the same file
      discard(found.staged());
      return withFate(found.line(), FileFate.SKIP);
    }
    if (found.staged() != null) {
      moves.add(new WritableStore.Move(found.staged(), found.to()));
    }
    return found.line();
  }

  private void discard(Staged staged) {
    if (staged == null) {
      return;
    }
    try {
      target.writable().discard(staged);
    } catch (IOException e) {
      // a temporary; the next run's start sweeps it
    }
  }

  private static FileAudit.Line withFate(FileAudit.Line line, FileFate fate) {
    return new FileAudit.Line(line.table(), line.key(), fate.label(), line.source(),
        line.target(), line.sha256(), line.size(), line.reason());
  }

  /**
   * On a file thread: reads the row's file, hashing and sizing it, staged into the target store
   * (measured only, in a dry run), and decides what it can alone: missing, not as the row
   * expects, already at its path (the same or not); else a file to commit.
   */
  private Found examine(String unit, String key, String given, String sha, String bytes)
      throws IOException {
    StorePath from = StorePath.of(given);
    WritableStore out = target.writable();
    Staged staged;
    try (InputStream in = source.open(from)) {
      if (in == null) {
        return new Found(new FileAudit.Line(unit, key, FileFate.MISSING.label(), given, null,
            null, null, "no such file in " + source.describe()), null, null);
      }
      staged = dryRun ? out.measure(in) : out.stage(in);
    }
    if (!dryRun) {
      stagedBytes.addAndGet(staged.size());
    }
    String problem = expected(sha, bytes, staged);
    if (problem != null) {
      out.discard(staged);
      return new Found(line(unit, key, FileFate.MISMATCH, given, null, staged, problem), null,
          null);
    }
    StorePath to = template.target(from, staged.sha256());
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
      return new Found(same ? line(unit, key, FileFate.SKIP, given, to.text(), staged, null)
          : line(unit, key, FileFate.CONFLICT, given, null, staged, "the target store holds"
              + " another file at '" + to + "' (" + present + " bytes); it is kept"), null,
          null);
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
      return "its SHA-256 is " + staged.sha256() + ", the row's " + rule.sha256Column()
          + " says " + sha.trim();
    }
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
