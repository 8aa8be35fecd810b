package dev.ferry.copy;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.RunReport.TableReport;
import dev.ferry.catalog.Catalog;
import dev.ferry.copy.PlanStage.Planned;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.Progress;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.ScriptTargets;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TargetWriter;
import dev.ferry.rows.ZeroDates;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one step of a run begun elsewhere (docs/spark.md): plans the copy again as its driver
 * did, the key ranges as the run recorded them, and refuses when the plan's fingerprint differs
 * (the source, the target or the options seen from here are not the driver's); then writes the
 * step's units into the run's checkpoints through the same writer as the local runner. A unit
 * recorded done is checked and skipped; one begun by an earlier attempt continues after its
 * last committed chunk, so running a step again (a retried task) neither loses nor duplicates a
 * row.
 */
public final class StepWorker {

  private StepWorker() {}

  /**
   * Runs step {@code step} of run {@code runId}, planned with fingerprint {@code plan}.
   *
   * @return the reports of the step's units
   * @throws FerryException {@link ErrorCode#REFUSED} when the plan differs; other codes when
   *     writing failed (the step may be run again)
   */
  public static List<TableReport> run(CopyRequest request, ScriptTargets scripts, String runId,
      String plan, int step) {
    CopyOptions options = request.options().resuming(runId);
    CopyRequest resumed = new CopyRequest(request.from(), request.to(), options,
        request.transformations(), request.users(), request.tenant(), request.tenantColumns());
    List<String> problems = ScheduledLoad.problems(resumed, MergePlan.NONE);
    if (!problems.isEmpty()) {
      throw new FerryException(ErrorCode.REFUSED, problems.get(0));
    }
    Map<String, String> transformations = new TreeMap<>(resumed.transformations());
    CopyEndpoints endpoints = new CopyEndpoints(resumed, scripts);
    PlanStage planning = new PlanStage(resumed, scripts, transformations, DeferredSchema.NONE);
    CompletableFuture<Catalog> targetCatalog = planning.readTargetCatalog();
    try (SourceReader source = endpoints.source()) {
      // as Copier prepares its plan: zero dates and the rows' subsets are part of it
      var zeroDates = ZeroDates.columns(options.casts(), source.catalog());
      source.nullZeroDates(zeroDates);
      zeroDates.forEach((t, columns) -> columns.keySet().forEach(c -> transformations.put(
          "zero-dates:" + t.qualified() + "." + c, "null")));
      KeysFiles.fingerprint(options, transformations);
      FileStage.fingerprint(options, transformations);
      Planned planned = planning.plan(source.catalog(), targetCatalog, source);
      if (!planned.plan().fingerprint().equals(plan)) {
        throw new FerryException(ErrorCode.REFUSED, "step " + step + " of run " + runId
            + " was planned with fingerprint " + plan + ", but here the source, target or"
            + " options give " + planned.plan().fingerprint() + ": every worker must see the"
            + " same databases and options as the driver (docs/spark.md). Nothing was written.");
      }
      MergePlan merges = MergePlan.of(options, planned);
      problems = ScheduledLoad.problems(resumed, merges);
      if (!problems.isEmpty()) {
        throw new FerryException(ErrorCode.REFUSED, problems.get(0));
      }
      merges.journal(planned);
      CopyPlan.Step todo = planned.plan().steps().stream().filter(s -> s.id() == step)
          .findFirst().orElseThrow(() -> new FerryException(ErrorCode.REFUSED, "run " + runId
              + " has no step " + step));
      try (TargetWriter writer = endpoints.target(planned, merges)) {
        JdbcTarget target = (JdbcTarget) writer;
        target.attach(runId);
        Map<String, Checkpoint> checkpoints = target.checkpoints(runId);
        return new StepRunner(planned.plan(), source, target, RowTransformer.IDENTITY,
            checkpoints, options.batchSize(), 1, Progress.SILENT).runOne(todo);
      }
    }
  }
}
