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
import dev.ferry.rows.AfterMerge;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.ReferenceText;
import dev.ferry.rows.TablePlan;
import java.io.IOException;
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
import java.util.function.IntPredicate;

/**
 * One table's files: for each row, the file its path column names is streamed from the source
 * store into the target store (hashed and sized on the way, staged, renamed into place) before
 * the row goes on to its chunk's commit, and the row's reference is rewritten per the template.
 * A file the target store holds already, the same, is not written again ({@code skip}); one
 * missing, refused, not as the row expects or in conflict with the target's is not written, and
 * costs the row too under {@code on-mismatch: skip-row}.
 *
 * <p>Files are read, hashed, staged and forced to disk on the run's file threads
 * ({@link FileExaminer}), up to {@value #IN_FLIGHT} of a table at once, while the reading thread
 * goes on with the chunk's rows: one file's hashing overlaps another's wait on the disk. What a
 * file's fate depends on in row order (two rows bringing the same file) is decided in row order
 * when the files are committed ({@link #flush}), together, at the latest before their chunk goes
 * to its writer: at most {@value #FLUSH_FILES} rows' files wait, and the staged files not yet
 * committed hold at most {@value #FLUSH_BYTES} bytes plus {@value #IN_FLIGHT} files.
 *
 * <p>Under a merge, the target decides which rows it takes, so a table's files wait for the
 * writer's decision on each chunk ({@link #chunkEnded}): a row the merge keeps gets no file, and
 * the staged files of a chunk and of the one read ahead wait on disk. One buffer per file
 * thread, never a file.
 */
final class FileCopier {

  /** Rows' files handled between two flushes at most: bounds the lists and the temporaries. */
  static final int FLUSH_FILES = 1000;
  /** Staged bytes committed together at most: bounds the disk the temporaries hold. */
  static final long FLUSH_BYTES = 256L << 20;
  /** A table's files being read, hashed and staged at once. */
  static final int IN_FLIGHT = 16;

  /** A row whose file is being examined, in row order. */
  private record Waiting(Object[] row, String unit, String key, String given,
      Future<FileExaminer.Found> found) {}

  private final FileRule rule;
  private final FileStore source;
  private final FileStore target;
  private final int path;
  private final int sha256;
  private final int size;
  private final boolean dryRun;
  private final FileStage.Counts counts;
  private final FileAudit audit;
  private final ExecutorService threads;
  /** Whether the target's merge decides which rows get their files ({@link #chunkEnded}). */
  private final boolean deferred;
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  /** Bytes staged since the last flush, by the file threads. */
  private final AtomicLong stagedBytes;
  private final FileExaminer examiner;
  /** The rows whose files were handed out since the last flush, in row order. */
  private final List<Waiting> waiting = new ArrayList<>();
  /** The rows left out since the last chunk ended (under {@code on-mismatch: skip-row}). */
  private final Set<Object[]> dropped = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * @param path, sha256, size the columns' positions in the plan's rows; -1 for none
   * @param threads the run's file threads, shared by the tables
   * @param deferred whether the target's merge decides which rows get their files
   */
  FileCopier(FileRule rule, FileStore source, FileStore target, int path, int sha256, int size,
      boolean dryRun, FileStage.Counts counts, FileAudit audit, ExecutorService threads,
      boolean deferred) {
    this.rule = rule;
    this.source = source;
    this.target = target;
    this.path = path;
    this.sha256 = sha256;
    this.size = size;
    this.dryRun = dryRun;
    this.counts = counts;
    this.audit = audit;
    this.threads = threads;
    this.deferred = deferred;
    this.examiner = new FileExaminer(source, target, PathTemplate.parse(rule.template()), dryRun,
        rule.sha256Column(), rule.sizeColumn());
    this.stagedBytes = examiner.stagedBytes;
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
    Future<FileExaminer.Found> found;
    try {
      found = threads.submit(() -> {
        try {
          return examiner.examine(unit, key, given, sha, bytes);
        } finally {
          inFlight.release();
        }
      });
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
    waiting.add(new Waiting(row, unit, key, given, found));
    if (!deferred && (waiting.size() >= FLUSH_FILES || stagedBytes.get() >= FLUSH_BYTES)) {
      flush(table);
    }
    return row;
  }

  /**
   * Ends a chunk: its files settled in row order (each row's reference rewritten, or the row set
   * to null in {@code rows} when its file costs it). Committed now ({@link #flush}) and null
   * returned; or, where the target's merge decides which rows it takes ({@code deferred}),
   * returned as what the chunk's writer calls once it has: only the files of rows the target
   * takes are committed, so a row the merge keeps leaves no file behind.
   */
  AfterMerge chunkEnded(TablePlan table, List<Object[]> rows) {
    AfterMerge after = null;
    if (!deferred) {
      flush(table);
    } else if (!waiting.isEmpty()) {
      after = new Decision(table, settle());
    }
    if (!dropped.isEmpty()) {
      rows.replaceAll(r -> r != null && dropped.contains(r) ? null : r);
      dropped.clear();
    }
    if (after instanceof Decision d) {
      d.positions(rows);
    }
    return after;
  }

  /**
   * Settles the files handed out since the last flush, in row order (each row's reference
   * rewritten, or the row marked to be left out), commits the staged ones durably and together
   * ({@link WritableStore#commit(List)}), then writes their audit lines in row order: so a file
   * is at its path before its row's checkpoint commits, and a {@code copied} line is written
   * only once its file is there.
   */
  void flush(TablePlan table) {
    if (!waiting.isEmpty()) {
      commit(table, settle(), i -> false);
    }
  }

  /**
   * What the file threads found for the rows handed out since the last flush, in row order,
   * each row's reference rewritten (or the row marked to be left out) as it is.
   */
  private List<Settled> settle() {
    List<Settled> settled = new ArrayList<>(waiting.size());
    try {
      for (Waiting w : waiting) {
        FileExaminer.Found found = found(w);
        rewrite(w.row(), found.line());
        settled.add(new Settled(w.row(), found));
      }
    } finally {
      waiting.clear();
      stagedBytes.set(0);
    }
    return settled;
  }

  /** Rewrites the row's reference to where its file arrived, or marks the row to leave out. */
  private void rewrite(Object[] row, FileAudit.Line line) {
    if (fate(line).arrived()) {
      row[path] = line.target();
    } else if (rule.skipRow()) {
      dropped.add(row);
    }
  }

  private void count(FileAudit.Line line) {
    FileFate fate = fate(line);
    counts.add(fate, fate == FileFate.COPIED && !dryRun ? line.size() : 0);
  }

  private static FileFate fate(FileAudit.Line line) {
    return FileFate.valueOf(line.fate().toUpperCase(Locale.ROOT));
  }

  /**
   * Commits the settled rows' files durably and together ({@link WritableStore#commit(List)}),
   * then writes their audit lines in row order; the file of a row {@code kept} (by its index
   * among {@code settled}) is deleted instead, and its line says the merge kept the row.
   */
  private void commit(TablePlan table, List<Settled> settled, IntPredicate kept) {
    List<WritableStore.Move> moves = new ArrayList<>();
    List<FileAudit.Line> lines = new ArrayList<>(settled.size());
    Set<StorePath> paths = new HashSet<>();
    for (int i = 0; i < settled.size(); i++) {
      FileExaminer.Found found = settled.get(i).found();
      FileAudit.Line line;
      if (kept.test(i)) {
        discard(found.staged());
        FileAudit.Line l = found.line();
        line = new FileAudit.Line(l.table(), l.key(), FileFate.SKIP.label(), l.source(), null,
            l.sha256(), l.size(), FileFate.MERGE_KEPT);
      } else {
        line = place(found, moves, paths);
      }
      lines.add(line);
      count(line);
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

  /** A row whose file is settled, and what its file thread found. */
  private record Settled(Object[] row, FileExaminer.Found found) {}

  /**
   * A chunk's files waiting for the merge's decision on each row: a row the target keeps gets
   * none ({@code skip}, its staged file deleted); the others' are placed as a flush places them.
   * Called by the chunk's writer, on its thread; a transaction run again (a deadlock) calls it
   * again, which does nothing: the files are in place.
   */
  private final class Decision implements AfterMerge {
    private final TablePlan table;
    private final List<Settled> settled;
    /** Each settled row's position among the chunk's rows as written; -1 when left out. */
    private int[] positions;
    private boolean done;

    Decision(TablePlan table, List<Settled> settled) {
      this.table = table;
      this.settled = settled;
    }

    void positions(List<Object[]> rows) {
      java.util.Map<Object[], Integer> at = new IdentityHashMap<>();
      int i = 0;
      for (Object[] row : rows) {
        if (row != null) {
          at.put(row, i++);
        }
      }
      positions = settled.stream().mapToInt(s -> at.getOrDefault(s.row(), -1)).toArray();
    }

    @Override
    public void decided(boolean[] keptTarget) {
      if (done) {
        return;
      }
      done = true;
      commit(table, settled, i -> positions[i] >= 0 && keptTarget[positions[i]]);
    }
  }

  /**
   * A row's audit line once its file thread is done, and its staged file added to the moves: a
   * file whose path an earlier row of the same commit brings already is not committed twice
   * ({@code skip}).
   */
  private FileAudit.Line place(FileExaminer.Found found, List<WritableStore.Move> moves,
      Set<StorePath> paths) {
    if (found.to() == null) {
      return found.line();
    }
    if (!paths.add(found.to())) {
      discard(found.staged());
      return withFate(found.line(), FileFate.SKIP);
    }
    if (found.staged() != null) {
      moves.add(new WritableStore.Move(found.staged(), found.to()));
    }
    return found.line();
  }

  /** What the row's file thread found; a refused path as its line. */
  private FileExaminer.Found found(Waiting w) {
    try {
      return w.found().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNEXPECTED, "interrupted while copying files", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UnsafePath unsafe) {
        return new FileExaminer.Found(new FileAudit.Line(w.unit(), w.key(),
            FileFate.REFUSED.label(), w.given(), null, null, null, unsafe.getMessage()), null,
            null);
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

  private static Object[] keyOf(TablePlan table, Object[] row) {
    int[] positions = table.keyPositions();
    Object[] key = new Object[positions.length];
    for (int i = 0; i < positions.length; i++) {
      key[i] = row[positions[i]];
    }
    return key;
  }

}
