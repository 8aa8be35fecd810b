package dev.ferry.sync;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.CycleOutcome;
import dev.ferry.api.Endpoint;
import dev.ferry.api.RunReport;
import dev.ferry.api.SyncJob;
import dev.ferry.copy.Copier;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.Redactor;
import dev.ferry.rows.Progress;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.ScriptTargets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a job's cycle: a copy under the job's merge modes (so rows the target already
 * holds the same are not written again), its outcome recorded in the target's {@code
 * sync_cycles} ({@link CycleLog}). A copy refused before its first write records nothing, so
 * that a refusal leaves the target as it was.
 */
final class SyncCycle {

  private static final Logger LOG = LoggerFactory.getLogger(SyncCycle.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  /** Failures that come before the first write and would come again: nothing to record. */
  private static final Set<ErrorCode> BEFORE_WRITING = Set.of(ErrorCode.REFUSED,
      ErrorCode.USAGE, ErrorCode.CONFIGURATION, ErrorCode.CONNECTION);

  private final Path reports;
  private final ScriptTargets scripts;
  /** Asked before each chunk of a cycle's copy: the service stopping (see {@link #run}). */
  private final Progress stop;

  /** @param reports where each cycle's run report goes: {@code <reports>/<job>/<start>} */
  SyncCycle(Path reports, ScriptTargets scripts) {
    this(reports, scripts, () -> false);
  }

  /**
   * @param stopping whether the service is stopping: a cycle in flight then stops before its
   *     copy's next chunk (the chunk in flight commits with its checkpoint) and ends {@code
   *     stopped}; what it committed stays, and the next cycle carries on from the target as it is
   */
  SyncCycle(Path reports, ScriptTargets scripts, java.util.function.BooleanSupplier stopping) {
    this.reports = reports;
    this.scripts = scripts;
    this.stop = new Progress() {
      @Override
      public boolean stopRequested() {
        return stopping.getAsBoolean();
      }
    };
  }

  /**
   * Runs one attempt; a failure is its outcome, never an exception. A job of both directions
   * copies the source into the target, then the target into the source (the winner's side
   * first, where it names one), each half recorded where it wrote; under newer-wins a row the
   * first half brought is found unchanged by the second, so no change travels back to where it
   * came from.
   */
  CycleOutcome run(SyncJob job) {
    if (!job.both()) {
      return once(job, true);
    }
    boolean targetFirst = job.winner() != null
        && job.winner().side() == SyncJob.Winner.Side.TARGET;
    CycleOutcome push = once(job.half(targetFirst), true);
    if (!"done".equals(push.status()) && !"conflicts".equals(push.status())) {
      return push;
    }
    // under winner: none, conflicts the first half recorded keep the second half's marks too,
    // so that the next cycle still finds those rows changed on both sides
    CycleOutcome pull = once(job.half(!targetFirst), !"conflicts".equals(push.status())
        || job.winner() == null || job.winner().side() != SyncJob.Winner.Side.NONE);
    if (!"done".equals(pull.status()) && !"conflicts".equals(pull.status())) {
      return pull;
    }
    RunReport.Fates a = push.fates();
    RunReport.Fates b = pull.fates();
    RunReport.Fates fates = new RunReport.Fates(a.mode(), a.inserted() + b.inserted(),
        a.updated() + b.updated(), a.unchanged() + b.unchanged(), a.skipped() + b.skipped(),
        a.conflicts() + b.conflicts());
    boolean conflicts = fates.conflicts() > 0;
    String message = java.util.stream.Stream.of(push.message(), pull.message())
        .filter(java.util.Objects::nonNull).reduce((x, y) -> x + "; " + y).orElse(null);
    return new CycleOutcome(job.name(), push.cycleId(), push.started(), pull.ended(),
        conflicts ? "conflicts" : "done", fates, message, Math.max(push.exitCode(),
            pull.exitCode()));
  }

  /**
   * Whether the cycle reads only changes of every table it copies (a watermark past the first
   * cycle, or hash ranges): its foreign keys are then checked row by row as it writes, which
   * costs as many look-ups as it writes rows, instead of being relaxed (a superuser's copy) and
   * proven afterwards by orphan checks that read every row of every table.
   */
  private static boolean changesOnly(List<CopyOptions.RowFilter> filters,
      CycleCatalogs catalogs) throws SQLException {
    // the first test spares a cycle that filters nothing a read of the source's catalog
    return filters.stream().anyMatch(CopyOptions.RowFilter::changedOnly)
        && catalogs.source().tables().stream().allMatch(t -> filters.stream()
            .anyMatch(f -> f.changedOnly() && f.names(t.name())));
  }

  /** One direction's attempt. */
  private CycleOutcome once(SyncJob job, boolean mayMoveMarks) {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    CycleOutcome outcome;
    boolean record = false;
    Watermarks.Plan marks = null;
    try {
      CycleCatalogs catalogs = new CycleCatalogs(job);
      marks = Watermarks.plan(job, catalogs);
      SyncDeletes.Plan deletes = SyncDeletes.plan(job, catalogs);
      List<CopyOptions.RowFilter> filters = HashRanges.plan(job, marks.rowFilters(), catalogs);
      List<dev.ferry.api.Prevail> prevails = WinnerMarks.of(job, catalogs, marks);
      Path reportDir = reports.resolve(job.name()).resolve(STAMP.format(started));
      CopyOptions options = CopyOptions.builder().filter(job.filter()).merge(job.merge())
          .keys(job.keys()).tableMerges(job.tables()).rowFilters(filters)
          .batchSize(job.batchSize()).rowKeyChecks(changesOnly(filters, catalogs))
          .prevails(prevails).reportDir(reportDir).build();
      CopyRequest request = new CopyRequest(new Endpoint.Database(job.source()),
          new Endpoint.Database(job.target()), options, Map.of(), null);
      RunReport report = Copier.run(request, RowTransformer.IDENTITY, stop, scripts);
      record = true;
      outcome = outcome(job, started, report, deleted(job, deletes, report, reportDir));
    } catch (FerryException e) {
      record = !BEFORE_WRITING.contains(e.code());
      // a refusal would come again; an endpoint that did not answer may answer next time
      boolean refused = !record && e.code() != ErrorCode.CONNECTION;
      outcome = failed(job, started, e.code() == ErrorCode.STOPPED ? "stopped" : refused
          ? "refused" : "failed", e.getMessage(), e.code().exitCode());
    } catch (SQLException e) {
      // reading the watermarks, the tables of the deletes or the hash ranges, before the copy:
      // nothing written; or deleting, after it: what the copy and the deletes committed stays
      outcome = failed(job, started, "failed", (record ? "deleting the rows the source lacks"
          : "reading the job's watermarks, tables and hash ranges") + " failed: "
          + e.getMessage(),
          ErrorCode.CONNECTION.exitCode());
    } catch (RuntimeException e) {
      record = true;
      outcome = failed(job, started, "failed", e.toString(), ErrorCode.UNEXPECTED.exitCode());
    }
    if (record) {
      try {
        // the marks move only with a cycle done: any other re-reads from the last ones
        CycleLog.record(job.target(), outcome, "done".equals(outcome.status()) && marks != null
            && mayMoveMarks ? marks.next() : java.util.List.of());
      } catch (SQLException | FerryException e) {
        String why = "the cycle could not be recorded in the target's " + CycleLog.TABLE + ": "
            + Redactor.scrub(e.getMessage());
        LOG.warn("job {}: {}", job.name(), why);
        outcome = new CycleOutcome(outcome.job(), outcome.cycleId(), outcome.started(),
            outcome.ended(), "failed", outcome.fates(), why, ErrorCode.UNEXPECTED.exitCode());
      }
    }
    return outcome;
  }

  /**
   * Runs the cycle's deletes after a copy that ended done (conflicts included: the rows the copy
   * kept are the target's); null when it has none or the copy did not end so.
   */
  private static Long deleted(SyncJob job, SyncDeletes.Plan deletes, RunReport report,
      Path reportDir) throws SQLException {
    if (deletes.tables().isEmpty() || !"done".equals(report.status())) {
      return null;
    }
    return SyncDeletes.run(job, deletes, reportDir.resolve("merge-audit.jsonl"));
  }

  private static CycleOutcome outcome(SyncJob job, Instant started, RunReport report,
      Long deleted) {
    RunReport.Fates fates = report.totals().merge() == null ? none() : report.totals().merge();
    if (deleted != null) {
      fates = new RunReport.Fates(fates.mode(), fates.inserted(), fates.updated(),
          fates.unchanged(), fates.skipped(), fates.conflicts(), fates.targetOnly(),
          (fates.deleted() == null ? 0 : fates.deleted()) + deleted);
    }
    String ended = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    if (!"done".equals(report.status())) {
      return new CycleOutcome(job.name(), report.runId(), started.toString(), ended,
          report.status(), fates, String.join("; ", report.problems()),
          ErrorCode.VERIFICATION_FAILED.exitCode());
    }
    if (fates.conflicts() > 0) {
      // rows whose winner no rule names (docs/merge.md): done, not clean, as copy exits 3
      return new CycleOutcome(job.name(), report.runId(), started.toString(), ended,
          "conflicts", fates, fates.conflicts() + " rows conflict: see the run's"
              + " merge-audit.jsonl", ErrorCode.VERIFICATION_FAILED.exitCode());
    }
    return new CycleOutcome(job.name(), report.runId(), started.toString(), ended, "done",
        fates, null, 0);
  }

  static CycleOutcome failed(SyncJob job, Instant started, String status,
      String message, int exitCode) {
    return new CycleOutcome(job.name(), newId(started), started.toString(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), status, none(),
        Redactor.scrub(message), exitCode);
  }

  /** No rows: a cycle that read none. */
  static RunReport.Fates none() {
    return new RunReport.Fates(null, 0, 0, 0, 0, 0, null, 0L);
  }

  private static String newId(Instant started) {
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return STAMP.format(started) + "-" + HexFormat.of().formatHex(random);
  }

  /** Whether trying the cycle again may help: not after a refusal or a failed proof. */
  static boolean retryable(CycleOutcome outcome) {
    return "failed".equals(outcome.status());
  }
}
