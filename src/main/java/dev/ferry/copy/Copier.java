package dev.ferry.copy;

import static dev.ferry.copy.Stages.millisSince;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.api.RunReport.OrphanCheck;
import dev.ferry.api.RunReport.TableReport;
import dev.ferry.api.RunReport;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.TableName;
import dev.ferry.copy.PlanStage.Planned;
import dev.ferry.dialect.Capability;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.Progress;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.RunHeader;
import dev.ferry.rows.ScriptTargets;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TargetWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a copy through its stages: read the source catalog, plan against the target, refuse
 * before writing (preflight), start or resume the run, load the steps, fix up cycles, reset
 * identities, prove relaxed foreign keys, and write {@code run-report.json}.
 */
public final class Copier {

  /** File name of the run report. */
  public static final String REPORT_FILE = "run-report.json";
  /** File name of the readable, self-contained report beside it. */
  public static final String HTML_FILE = "report.html";

  private static final Logger LOG = LoggerFactory.getLogger(Copier.class);

  private final CopyRequest request;
  private final CopyOptions options;
  private final Progress progress;
  private RowTransformer transformer;
  private final Map<String, String> transformations;
  /** The user map's stages; null without a map. */
  private final UserMapStage users;
  private final CopyEndpoints endpoints;
  private final PlanStage planning;
  private final PreflightStage preflight;
  private final RunReports reports;
  private final DeferredSchema deferred;
  /** The tables' files (docs/files.md); bound once the plan is made. */
  private FileStage files = FileStage.NONE;

  /** What the source is read through (a tenant's columns added, docs/consolidate.md). */
  private final UnaryOperator<SourceReader> sources;
  /** Where the load's steps run; null: on this process's threads. */
  private final dev.ferry.api.StepScheduler scheduler;

  private Copier(CopyRequest request, RowTransformer transformer, Progress progress,
      ScriptTargets scripts, DeferredSchema deferred, UnaryOperator<SourceReader> sources,
      dev.ferry.api.StepScheduler scheduler) {
    this.request = request;
    this.scheduler = scheduler;
    this.sources = sources;
    this.options = request.options();
    this.transformer = transformer;
    this.progress = progress;
    this.transformations = new TreeMap<>(request.transformations());
    this.deferred = deferred;
    if (deferred.fingerprint() != null) {
      // the plan covers the schema as planned, not as far as a killed run had built it
      transformations.put("create-schema", deferred.fingerprint());
    }
    this.users = request.users() == null ? null : new UserMapStage(request);
    this.endpoints = new CopyEndpoints(request, scripts);
    this.planning = new PlanStage(request, scripts, transformations, deferred);
    this.preflight = new PreflightStage(request, users);
    this.reports = new RunReports(request, transformations, users, deferred.notes());
  }

  /**
   * Runs the copy. Returns the report when the run finished (status {@code done} or {@code
   * verification-failed}); throws a {@link FerryException} with code {@link ErrorCode#REFUSED}
   * when preflight refused it (report written), or another code when it failed (report written).
   */
  public static RunReport run(CopyRequest request, RowTransformer transformer, Progress progress,
      ScriptTargets scripts) {
    return run(request, transformer, progress, scripts, DeferredSchema.NONE);
  }

  /**
   * Runs the copy into tables {@code --create-schema} made, creating after the load what it
   * left for then ({@code deferred}), before identities are reset and the run is done.
   */
  public static RunReport run(CopyRequest request, RowTransformer transformer, Progress progress,
      ScriptTargets scripts, DeferredSchema deferred) {
    return new Copier(request, transformer, progress, scripts, deferred,
        UnaryOperator.identity(), null).run();
  }

  /**
   * Runs the copy with its load's steps run by {@code scheduler} (docs/spark.md), each through
   * {@link StepWorker}; everything else runs here, as in {@link #run}.
   */
  public static RunReport run(CopyRequest request, Progress progress, ScriptTargets scripts,
      dev.ferry.api.StepScheduler scheduler) {
    return new Copier(request, RowTransformer.IDENTITY, progress, scripts, DeferredSchema.NONE,
        UnaryOperator.identity(), scheduler).run();
  }

  /**
   * Runs the copy of one tenant of a consolidation (docs/consolidate.md), its source read
   * through {@code sources} (which adds the tenant's columns). A run of the same plan already
   * recorded done is not run again: its report says {@code already-complete}.
   */
  public static RunReport runTenant(CopyRequest request, UnaryOperator<SourceReader> sources,
      Progress progress, ScriptTargets scripts) {
    return new Copier(request, RowTransformer.IDENTITY, progress, scripts, DeferredSchema.NONE,
        sources, null).run();
  }

  private RunReport run() {
    try {
      return copy();
    } finally {
      files.close();
      if (users != null) {
        // a run that failed still leaves the user reports whole on disk
        users.settleReports();
      }
    }
  }

  private RunReport copy() {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    final String newId = Stages.newRunId(started);
    CompletableFuture<Catalog> targetCatalog = planning.readTargetCatalog();
    try (SourceReader opened = sources.apply(endpoints.source())) {
      Catalog sourceCatalog = opened.catalog();
      if (users != null) {
        // the report directory is fixed here, so a resumed run's report goes beside the map's
        sourceCatalog = users.apply(sourceCatalog, reports.dir(newId), transformations);
        transformer = users.after(transformer);
      }
      var zeroDates = dev.ferry.rows.ZeroDates.columns(options.casts(), sourceCatalog);
      opened.nullZeroDates(zeroDates);
      // what the rows are read as is part of the plan: a resume under other rules is refused
      zeroDates.forEach((t, columns) -> columns.keySet().forEach(c -> transformations.put(
          "zero-dates:" + t.qualified() + "." + c, "null")));
      preflight.zeroDates(zeroDates);
      reports.zeroDates(preflight.zeroDateCounts());
      KeysFiles.fingerprint(options, transformations);
      FileStage.fingerprint(options, transformations);
      Planned planned = planning.plan(sourceCatalog, targetCatalog, opened);
      files = FileStage.of(options, tables(planned));
      // a tables: entry naming no loaded table is refused here, before anything is opened
      MergePlan merges = request.to() instanceof Endpoint.Database
          ? MergePlan.of(options, planned)
          : request.to() instanceof Endpoint.Script ? MergePlan.forScripts(options, planned.plan())
              : MergePlan.NONE;
      planned = merges.remap().ordered(planned);
      merges.journal(planned);
      merges.tenant(request.tenant(), request.tenantColumns());
      if (request.from() instanceof Endpoint.Database from
          && request.to() instanceof Endpoint.Database to) {
        String same = SameDatabase.problem(from.spec(), to.spec(), planned.plan());
        if (same != null) {
          throw reports.refuse(planned, newId, started, List.of(same));
        }
      }
      List<String> filters = RowFilters.probe(request, planned.plan().steps().stream()
          .flatMap(s -> s.tables().stream()).toList());
      if (!filters.isEmpty()) {
        throw reports.refuse(planned, newId, started, filters);
      }
      var allowlists = KeysFiles.load(options, planned.plan());
      SourceReader source = dev.ferry.rows.AllowlistReader.of(opened, allowlists);
      KeysFiles.noteAbsent(planned.plan(), allowlists, source, options.batchSize());
      if (options.dryRun()) {
        return finishDry(planned, source, newId, started, merges);
      }
      try (TargetWriter target = openTarget(planned, merges);
          RunGuard guard = target instanceof JdbcTarget jdbc
              ? RunGuard.take(jdbc, newId, request.tenant()) : RunGuard.none()) {
        if (guard.refusal() != null) {
          throw reports.refuse(planned, newId, started, List.of(guard.refusal()));
        }
        try {
          return guarded(planned, source, target, newId, started, merges);
        } catch (FerryException e) {
          if (target instanceof JdbcTarget jdbc) {
            RunGuard.leaveNoWorse(jdbc);
          }
          throw e;
        }
      }
    }
  }

  /** The stages that decide on the target's state, under the run lock. */
  private RunReport guarded(Planned planned, SourceReader source, TargetWriter target,
      String newId, Instant started, MergePlan merges) {
    String runId = newId;
    boolean resumed = false;
    String complete = request.tenant() == null ? null : completeRun(planned, target);
    if (complete != null) {
      return reports.write(planned, complete, "copy", "already-complete", false, List.of(),
          List.of(), List.of(), List.of(), started);
    }
    if (options.resume() != null && target.completeResult() != null) {
      throw reports.refuse(planned, newId, started, List.of(target.completeResult() + ": there"
          + " is nothing to resume, and it is left as it is. Export into another directory, or"
          + " leave out --resume to replace it."));
    }
    if (options.resume() != null) {
      String wanted = options.resume().isEmpty()
          ? target.runToResume(planned.plan().fingerprint()).orElse(null)
          : options.resume();
      if (wanted != null) {
        String plan = target.planOf(wanted).orElseThrow(() -> reports.refuse(planned, newId,
            started, List.of("there is no run " + wanted + " on " + target.describe()
                + "; leave out the id to resume the last unfinished run of this plan")));
        if (!plan.equals(planned.plan().fingerprint())) {
          throw reports.refuse(planned, wanted, started, List.of("run " + wanted + " was"
              + " planned with fingerprint " + plan + ", but the source, target or options now"
              + " give " + planned.plan().fingerprint() + ": the plan changed since, so"
              + " resuming could lose or duplicate rows. Start a new run (with"
              + " --truncate-target)."));
        }
        runId = wanted;
        resumed = true;
      }
    }
    Map<String, Checkpoint> checkpoints = resumed ? target.checkpoints(runId) : Map.of();
    long start = System.nanoTime();
    List<String> problems = preflight.problems(planned, source, checkpoints.keySet(), target,
        merges);
    problems.addAll(files.problems());
    if (scheduler != null) {
      problems.addAll(ScheduledLoad.problems(request, merges));
    }
    LOG.debug("preflight in {} ms", millisSince(start));
    if (problems.isEmpty() && resumed && target instanceof JdbcTarget jdbc) {
      start = System.nanoTime();
      problems.addAll(ResumeCheck.problems(planned.plan(), checkpoints, source, jdbc, runId,
          options.batchSize()));
      problems.addAll(new MergeAudit(reports.dir(runId)).shortParts(jdbc, runId,
          checkpoints.keySet()));
      LOG.debug("checked what the checkpoints claim in {} ms", millisSince(start));
    }
    if (!problems.isEmpty()) {
      throw reports.refuse(planned, runId, started, problems);
    }
    if (users != null) {
      users.createUsers(planned.targetDialect(), reports.dir(runId), runId);
    }
    return load(planned, source, target, runId, resumed, checkpoints, started, merges);
  }

  /** The run of this plan recorded done, when no later run of it is unfinished; else null. */
  private static String completeRun(Planned planned, TargetWriter target) {
    String plan = planned.plan().fingerprint();
    return target.unfinishedRun(plan).isPresent() ? null : target.runToResume(plan).orElse(null);
  }

  private RunReport load(Planned planned, SourceReader source, TargetWriter target, String runId,
      boolean resumed, Map<String, Checkpoint> checkpoints, Instant started, MergePlan merges) {
    RunHeader header = new RunHeader(runId, planned.plan().fingerprint(),
        request.from().describe(), planned.source(), planned.plan().loadOrder(), transformations);
    List<String> resets = List.of();
    List<OrphanCheck> orphans = List.of();
    List<SetAsideConstraints.Restored> restored = List.of();
    List<TableReport> tables;
    try {
      if (options.truncateTarget() && target instanceof JdbcTarget jdbc) {
        TruncateCheck.empty(jdbc, planned.plan());
      }
      target.beginRun(header);
      files.begin(reports.dir(runId), merges.decidesRows(request.to()));
      MergeAudit audit = new MergeAudit(reports.dir(runId));
      merges.auditTo(audit);
      long start = System.nanoTime();
      try (EarlyProofs proofs = target instanceof JdbcTarget jdbc
          ? new EarlyProofs(jdbc, planned.plan(), planned.source(), planned.target(),
              deferred.keysBySource()) : null) {
        TablesLoaded loaded = new TablesLoaded(planned.plan(), deferred::tableLoaded);
        java.util.function.IntConsumer finished = proofs == null ? loaded::stepFinished
            : id -> {
              proofs.stepFinished(id);
              loaded.stepFinished(id);
            };
        tables = scheduler != null && target instanceof JdbcTarget jdbc
            ? ScheduledLoad.run(scheduler, planned, jdbc, runId, checkpoints, finished)
            : new StepRunner(planned.plan(), source, target, files.after(transformer),
                checkpoints, options.batchSize(), writers(planned), progress, finished).run();
        LOG.debug("loaded {} steps in {} ms", planned.plan().steps().size(), millisSince(start));
        audit.join(units(planned));
        if (target instanceof JdbcTarget jdbc) {
          start = System.nanoTime();
          List<String> keys = SchemaPhases.finish(jdbc, runId, deferred);
          LOG.debug("created {} foreign keys after the load in {} ms", keys.size(),
              millisSince(start));
          start = System.nanoTime();
          resets = PostLoad.resetIdentities(jdbc.control(), jdbc.dialect(),
              PostLoad.identityResets(planned.plan(), merges, request.tenant() != null));
          LOG.debug("reset {} identities in {} ms", resets.size(), millisSince(start));
          start = System.nanoTime();
          orphans = proofs.await(keys);
          LOG.debug("proved {} foreign keys ({} ms after the load)", orphans.size(),
              millisSince(start));
          restored = jdbc.restoreConstraints();
        }
      }
    } catch (SQLException e) {
      FerryException failure = new FerryException(ErrorCode.UNEXPECTED, "finishing the load on "
          + target.describe() + " failed: " + e.getMessage(), e);
      throw reports.fail(planned, header, target, started, failure);
    } catch (FerryException e) {
      throw reports.fail(planned, header, target, started, e);
    }
    List<String> problems = new ArrayList<>(target instanceof JdbcTarget jdbc
        ? PostLoad.problems(jdbc, planned.plan(), planned.source(), planned.target(), orphans,
            restored)
        : List.of());
    if (users != null) {
      users.unproven(problems);
    }
    if (files.unarrived() != null) {
      problems.add(files.unarrived());
    }
    reports.files(files.report());
    String status = problems.isEmpty() ? "done" : "verification-failed";
    target.endRun(header, status);
    return reports.write(planned, runId, "copy", status, resumed, tables, resets, orphans,
        problems, started);
  }

  private RunReport finishDry(Planned planned, SourceReader source, String runId,
      Instant started, MergePlan merges) {
    List<String> problems = preflight.problems(planned, source, Set.of(), null, merges);
    problems.addAll(files.problems());
    if (!problems.isEmpty()) {
      throw reports.refuse(planned, runId, started, problems);
    }
    MergeAudit audit = new MergeAudit(reports.dir(runId));
    merges.auditTo(audit);
    files.begin(reports.dir(runId), merges.decidesRows(request.to()));
    try (TargetWriter target = new DryRunTarget(request.to(), planned.targetDialect(), merges,
        options.lockTimeout().toMillis())) {
      List<TableReport> tables = new StepRunner(planned.plan(), source, target,
          files.after(transformer), Map.of(), options.batchSize(), options.parallel(), progress)
          .run();
      audit.join(units(planned));
      reports.files(files.report());
      // files that would not arrive end the dry run as they would end the run: exit 3
      String unarrived = files.unarrived();
      return reports.write(planned, runId, "dry-run", unarrived == null ? "done"
          : "verification-failed", false, tables, List.of(), List.of(),
          unarrived == null ? List.of() : List.of(unarrived), started);
    }
  }

  private TargetWriter openTarget(Planned planned, MergePlan merges) {
    TargetWriter target = endpoints.target(planned, merges);
    reports.opened(target);
    return target;
  }

  private static List<dev.ferry.rows.TablePlan> tables(Planned planned) {
    return planned.plan().steps().stream().flatMap(s -> s.tables().stream()).toList();
  }

  /** The plan's units in load order: the order of the audit. */
  private static List<String> units(Planned planned) {
    return planned.plan().steps().stream().flatMap(s -> s.tables().stream())
        .map(dev.ferry.rows.TablePlan::unit).toList();
  }

  /** Tables loaded at once: --parallel, or one where the target takes one writer at a time. */
  private int writers(Planned planned) {
    boolean single = request.to() instanceof Endpoint.Database && planned.targetDialect() != null
        && planned.targetDialect().supports(Capability.SINGLE_WRITER);
    return single ? 1 : options.parallel();
  }
}
