package dev.ferry.copy;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.api.RunReport.OrphanCheck;
import dev.ferry.api.RunReport.TableReport;
import dev.ferry.api.RunReport;
import dev.ferry.copy.PlanStage.Planned;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.identity.Identities;
import dev.ferry.json.Json;
import dev.ferry.report.HtmlFiles;
import dev.ferry.report.HtmlReport;
import dev.ferry.rows.RunHeader;
import dev.ferry.rows.TargetWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a copy's {@code run-report.json} and {@code report.html} however the run ends (done,
 * refused before writing anything, or failed) into the report directory, and turns a refusal or
 * a failure into the exception its caller throws.
 */
final class RunReports {

  private final CopyRequest request;
  private final CopyOptions options;
  private final Map<String, String> transformations;
  private final UserMapStage users;
  /** The zero dates the preflight counted per column, or null when no rule turns any to NULL. */
  private Map<String, Long> zeroDates;
  /** What became of the tables' files; null when no table has files. */
  private RunReport.Files files;
  private Path reportDirectory;
  /** The target of this run once opened, for what the report says it did beyond the rows. */
  private TargetWriter openedTarget;

  /**
   * @param transformations the run's, as they stand when a report is written
   * @param users the user map's stages; null without a map
   */
  /** What {@code --create-schema} left out of the created tables, noted in every report. */
  private final List<String> schemaNotes;

  RunReports(CopyRequest request, Map<String, String> transformations, UserMapStage users,
      List<String> schemaNotes) {
    this.schemaNotes = List.copyOf(schemaNotes);
    this.request = request;
    this.options = request.options();
    this.transformations = transformations;
    this.users = users;
  }

  /**
   * The report directory: --report, or ferry-runs/&lt;run id&gt;. Fixed on first use, so a resumed
   * run's report goes where this attempt's user-map proofs went.
   */
  Path dir(String runId) {
    if (reportDirectory == null) {
      reportDirectory = options.reportDir() != null ? options.reportDir()
          : Path.of("ferry-runs", runId);
    }
    return reportDirectory;
  }

  /** The target this run opened, whose work beyond the rows the report notes. */
  void opened(TargetWriter target) {
    openedTarget = target;
  }

  /**
   * Writes the report of a run refused before writing anything, and returns the refusal to
   * throw.
   */
  FerryException refuse(Planned planned, String runId, Instant started,
      List<String> problems) {
    write(planned, runId, options.dryRun() ? "dry-run" : "copy", "refused", false, List.of(),
        List.of(), List.of(), problems, started);
    return new FerryException(ErrorCode.REFUSED, "refused before writing anything ("
        + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n  - "
        + String.join("\n  - ", problems));
  }

  /**
   * Ends a run that failed: marks it failed on the target, leaves the target as whole as it can,
   * writes the report, and returns the failure to throw, with the way forward.
   */
  FerryException fail(Planned planned, RunHeader header, TargetWriter target,
      Instant started, FerryException failure) {
    try {
      target.endRun(header, "failed");
    } catch (RuntimeException ignored) {
      // the target may be what failed; the report still says so
    }
    String left = target instanceof JdbcTarget jdbc ? jdbc.afterFailure() : "";
    write(planned, header.runId(), "copy", "failed", false, List.of(), List.of(), List.of(),
        List.of(failure.getMessage()), started);
    String next = request.to() instanceof Endpoint.Script ? "\nFix the cause and run again: the"
        + " scripts are written anew (the manifest says in-progress until then)"
        : "\nResume with: --resume " + header.runId();
    return new FerryException(failure.code(), failure.getMessage() + left + next, failure);
  }

  /**
   * The zero dates turned into NULL, per {@code table.column}: a map the preflight fills; reported
   * when some rule applies to a column.
   */
  void zeroDates(Map<String, Long> counts) {
    zeroDates = counts;
  }

  /** What became of the tables' files, reported from now on; null when no table has files. */
  void files(RunReport.Files counts) {
    files = counts;
  }

  /** Writes the run report and the readable report beside it, and returns the report. */
  RunReport write(Planned planned, String runId, String mode, String status,
      boolean resumed, List<TableReport> tables, List<String> resets, List<OrphanCheck> orphans,
      List<String> problems, Instant started) {
    Instant ended = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long read = tables.stream().mapToLong(TableReport::rowsRead).sum();
    long written = tables.stream().filter(t -> !t.unit().startsWith("fixup:"))
        .mapToLong(TableReport::rowsWritten).sum();
    RunReport.Fates fates = tables.stream().map(TableReport::merge)
        .filter(java.util.Objects::nonNull)
        .reduce(new RunReport.Fates(null, 0, 0, 0, 0, 0, 0L), RunReport.Fates::plus);
    boolean merged = tables.stream().anyMatch(t -> t.merge() != null);
    Map<String, String> timing = new LinkedHashMap<>();
    timing.put("startedAt", started.toString());
    timing.put("endedAt", ended.toString());
    RunReport report = new RunReport(RunReport.FORMAT_VERSION, runId,
        planned.plan().fingerprint(), request.from().describe(), request.to().describe(), mode,
        status, resumed, tables, new TreeMap<>(), resets, orphans,
        new TreeMap<>(transformations), notes(planned), problems,
        new RunReport.Totals(read, written,
            Math.round((ended.toEpochMilli() - started.toEpochMilli()) / 10.0) / 100.0,
            merged ? fates : null, merged ? MergeAudit.FILE : null),
        timing, zeroDates == null || zeroDates.isEmpty() ? null : zeroDates, files);
    Path dir = dir(runId);
    if (users != null) {
      users.awaitReports();
    }
    Json.write(dir.resolve(Copier.REPORT_FILE), report);
    HtmlFiles.write(dir.resolve(Copier.HTML_FILE), HtmlReport.render(report,
        planned.plan().loadOrder(), users == null ? null : users.mappingByStatus()));
    if (users != null && !"refused".equals(status)) {
      Json.write(dir.resolve(Identities.TRANSFORMATION_FILE), users.remap().proof());
    }
    return report;
  }

  /**
   * The plan's notes, what {@code --create-schema} left out, then what the target did beyond the
   * rows (restored foreign keys).
   */
  private List<String> notes(Planned planned) {
    List<String> notes = new ArrayList<>(planned.plan().notes());
    notes.addAll(schemaNotes);
    if (openedTarget instanceof JdbcTarget jdbc) {
      notes.addAll(jdbc.notes());
    }
    return notes;
  }
}
