package dev.ferry.copy;

import dev.ferry.api.RunReport.TableReport;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.Progress;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import dev.ferry.rows.TargetWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

/**
 * Runs a plan's steps on up to {@code parallel} threads, each step only once every step it waits
 * for is complete; of the steps that may start, the heaviest first (its rows and its referencing
 * tables' rows, by the source's estimates), so that the largest table does not start last and
 * run alone, and parents load early. A group (deferred cycle) runs alone. The first failure
 * stops new steps; running ones finish their chunk and stop, and the failure is raised.
 */
final class StepRunner {

  private final CopyPlan plan;
  private final SourceReader source;
  private final TargetWriter target;
  private final RowTransformer transformer;
  private final Map<String, Checkpoint> checkpoints;
  private final int batchSize;
  private final int parallel;
  private final Progress progress;
  private final IntConsumer stepFinished;
  private final Map<String, TableReport> reports = new ConcurrentHashMap<>();
  private final Map<String, Long> estimates = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  StepRunner(CopyPlan plan, SourceReader source, TargetWriter target, RowTransformer transformer,
      Map<String, Checkpoint> checkpoints, int batchSize, int parallel, Progress progress) {
    this(plan, source, target, transformer, checkpoints, batchSize, parallel, progress, id -> { });
  }

  /**
   * @param stepFinished told the id of each step as it completes, on the thread that called
   *     {@link #run}
   */
  StepRunner(CopyPlan plan, SourceReader source, TargetWriter target, RowTransformer transformer,
      Map<String, Checkpoint> checkpoints, int batchSize, int parallel, Progress progress,
      IntConsumer stepFinished) {
    this.plan = plan;
    this.source = source;
    this.target = target;
    this.transformer = transformer;
    this.checkpoints = checkpoints;
    this.batchSize = batchSize;
    this.parallel = parallel;
    this.progress = progress;
    this.stepFinished = stepFinished;
  }

  /** Runs every step; returns the per-unit reports in step order. */
  List<TableReport> run() {
    ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "ferry-step");
      t.setDaemon(true);
      return t;
    });
    ExecutorCompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
    Set<Integer> finished = new HashSet<>();
    Set<Integer> running = new HashSet<>();
    List<CopyPlan.Step> pending = new ArrayList<>(plan.steps());
    Map<TableName, Long> tableRows = new HashMap<>();
    for (CopyPlan.Step step : pending) {
      for (TablePlan t : step.tables()) {
        long estimate = t.isFixup() ? -1 : source.estimateRows(t);
        if (t.range() != null && estimate > 0) {
          // a key range's share of its table
          estimate = Math.max(1, estimate / t.range().count());
        }
        estimates.put(t.unit(), estimate);
        tableRows.merge(t.source(), Math.max(0, estimate), Long::sum);
      }
    }
    // A step's weight: its rows, and those of the tables that reference it, which wait for it
    // (to load, or to have their keys proven). Heaviest first; ties in plan order.
    Map<TableName, Set<TableName>> children = new HashMap<>();
    for (LoadOrder.Edge e : plan.loadOrder().edges()) {
      if (!e.child().equals(e.parent())) {
        children.computeIfAbsent(e.parent(), k -> new HashSet<>()).add(e.child());
      }
    }
    Map<Integer, Long> weight = new HashMap<>();
    for (CopyPlan.Step step : pending) {
      Set<TableName> counted = new HashSet<>();
      for (TablePlan t : step.tables()) {
        counted.add(t.source());
        if (!t.isFixup()) {
          counted.addAll(children.getOrDefault(t.source(), Set.of()));
        }
      }
      weight.put(step.id(), counted.stream().mapToLong(n -> tableRows.getOrDefault(n, 0L))
          .sum());
    }
    pending.sort(Comparator.comparingLong((CopyPlan.Step s) -> -weight.get(s.id()))
        .thenComparingInt(CopyPlan.Step::id));
    FerryException failure = null;
    try {
      while (!pending.isEmpty() || !running.isEmpty()) {
        boolean groupRunning = running.stream().anyMatch(id -> plan.steps().get(id).isGroup());
        if (failure == null && !groupRunning) {
          for (var it = pending.iterator(); it.hasNext() && running.size() < parallel; ) {
            CopyPlan.Step step = it.next();
            if (!finished.containsAll(step.waitsFor())) {
              continue;
            }
            if (step.isGroup() && !running.isEmpty()) {
              break;
            }
            it.remove();
            running.add(step.id());
            done.submit(() -> {
              try {
                runStep(step);
                return new Outcome(step.id(), null);
              } catch (RuntimeException | Error e) {
                stopping = true;
                return new Outcome(step.id(), e);
              }
            });
            if (step.isGroup()) {
              break;
            }
          }
        }
        if (running.isEmpty()) {
          if (failure != null) {
            break;
          }
          throw new IllegalStateException("no step can start: the plan's dependencies are cyclic");
        }
        Outcome outcome = done.take().get();
        running.remove(outcome.step());
        if (outcome.error() == null) {
          finished.add(outcome.step());
          stepFinished.accept(outcome.step());
        } else {
          failure = failure != null ? failure : asFerry(outcome.error());
          pending.clear();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNEXPECTED, "the run was interrupted", e);
    } catch (ExecutionException e) {
      throw asFerry(e.getCause());
    } finally {
      pool.shutdown();
    }
    if (failure != null) {
      throw failure;
    }
    List<TableReport> ordered = new ArrayList<>();
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan t : step.tables()) {
        TableReport r = reports.get(t.unit());
        if (r != null) {
          ordered.add(r);
        }
      }
    }
    return ordered;
  }

  /**
   * Runs one step on the calling thread, as a step of a run scheduled elsewhere ({@link
   * StepWorker}); returns its units' reports.
   */
  List<TableReport> runOne(CopyPlan.Step step) {
    runStep(step);
    return step.tables().stream().map(t -> reports.get(t.unit()))
        .filter(java.util.Objects::nonNull).toList();
  }

  /** How one step ended: {@code error} is null when it completed. */
  private record Outcome(int step, Throwable error) {}

  private static FerryException asFerry(Throwable t) {
    if (t instanceof FerryException fe) {
      return fe;
    }
    // the class name is in the stack trace --verbose prints, not in the sentence
    return new FerryException(ErrorCode.UNEXPECTED, "unexpected failure (" + FileFailure.reason(t)
        + "); run again with --verbose for the details", t);
  }

  private void runStep(CopyPlan.Step step) {
    if (!step.isGroup()) {
      runTable(step.tables().get(0));
      return;
    }
    List<TablePlan> todo = step.tables().stream()
        .filter(t -> checkpoints.get(t.unit()) == null || !checkpoints.get(t.unit()).done())
        .toList();
    if (todo.size() < step.tables().size()) {
      step.tables().stream().filter(t -> !todo.contains(t)).forEach(this::runTable);
    }
    if (todo.isEmpty()) {
      return;
    }
    target.beginGroup(todo);
    boolean committed = false;
    try {
      for (TablePlan t : todo) {
        runTable(t, null);
      }
      target.endGroup();
      committed = true;
    } finally {
      if (!committed) {
        stopping = true;
      }
    }
  }

  private void runTable(TablePlan table) {
    runTable(table, checkpoints.get(table.unit()));
  }

  private void runTable(TablePlan table, Checkpoint from) {
    long start = System.nanoTime();
    String reading = table.keyed() ? "keyset" : "one-pass";
    // a merge's fates count the chunks earlier attempts of the run committed too
    dev.ferry.api.RunReport.Fates before = from == null ? null : target.committedFates(table);
    if (from != null && from.done()) {
      target.verifyDone(table, from);
      reports.put(table.unit(), new TableReport(table.unit(), table.target().qualified(), reading,
          0, 0, from.rowsWritten(), 0, 0, "skipped-done",
          before == null ? null : before.withTargetRowsBefore(from.rowsBefore(),
              table.rowFilter() != null)));
      progress.finished(table.unit(), from.rowsWritten());
      return;
    }
    Object[] after = from != null && table.keyed() ? from.lastKey() : null;
    long skipped = from != null && table.keyed() ? from.rowsWritten() : 0;
    long read = 0;
    dev.ferry.api.RunReport.Fates fates;
    dev.ferry.api.RunReport.Keys keys;
    progress.started(table.unit(), estimates.getOrDefault(table.unit(), -1L));
    if (from == null && !table.isFixup()) {
      target.sweepChildren(table, t -> new ReadAhead(source.read(t, null, batchSize), t,
          transformer));
    }
    try (TableWriter writer = target.open(table, from);
        ChunkCursor cursor = new ReadAhead(source.read(table, after, batchSize), table,
            transformer)) {
      for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
        if (progress.stopRequested()) {
          throw new FerryException(ErrorCode.STOPPED, "stopped on request before " + table.unit()
              + "'s next chunk; what the run committed stays");
        }
        if (stopping) {
          throw new FerryException(ErrorCode.UNEXPECTED, "stopped because another table failed");
        }
        writer.write(chunk);
        read += chunk.size();
        progress.advanced(table.unit(), skipped + read);
      }
      writer.finish();
      fates = writer.fates();
      keys = writer.keys();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    reports.put(table.unit(), new TableReport(table.unit(), table.target().qualified(),
        table.isFixup() ? "fixup" : reading, read, fates == null ? read
            : fates.written() - (before == null ? 0 : before.written()),
        skipped, Math.round(seconds * 1000) / 1000.0,
        seconds > 0 ? Math.round(read / seconds) : read, "done", fates, keys));
    progress.finished(table.unit(), skipped + read);
  }
}
