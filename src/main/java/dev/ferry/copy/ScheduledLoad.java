package dev.ferry.copy;

import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.api.LoadSteps;
import dev.ferry.api.RunReport.TableReport;
import dev.ferry.api.StepScheduler;
import dev.ferry.copy.PlanStage.Planned;
import dev.ferry.dialect.DeferrableIndex;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.RowDigest;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load of a run whose steps a {@link StepScheduler} runs elsewhere (docs/spark.md). What the
 * local runner's key ranges share in memory ({@link RangedLoad}) is done here, on the driver, in
 * the target: before any step runs, each table loading as key ranges is started (its rows
 * counted, a checkpoint recorded for every range, its plain indexes dropped and recorded); as
 * the last of its ranges completes, its indexes are re-created. A resume re-creates those of a
 * table whose ranges all completed before a kill. The steps themselves run through {@link
 * StepWorker}, which writes each unit from its checkpoint as the local runner does.
 */
final class ScheduledLoad {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledLoad.class);

  private ScheduledLoad() {}

  /** Why the run cannot be scheduled elsewhere: empty when it can. Checked before writing. */
  static List<String> problems(CopyRequest request, MergePlan merges) {
    if (!(request.from() instanceof Endpoint.Database)
        || !(request.to() instanceof Endpoint.Database)) {
      return List.of("the Spark runner copies from a database into a database only; export"
          + " and import bundles, or write scripts, with ferry itself");
    }
    String what = merges.merging() ? "a run with a merge mode or --keys remap"
        : request.users() != null ? "a run with a user map"
        : request.tenant() != null ? "a tenant's run"
        : !request.options().files().isEmpty() ? "a run with files:"
        : request.options().rowFilters().stream().anyMatch(f -> f.keysFile() != null)
            ? "a run with keys-file:" : null;
    return what == null ? List.of() : List.of("the Spark runner does not run " + what + " yet"
        + " (docs/spark.md); run it with ferry itself");
  }

  /** Runs the load through {@code scheduler}; returns the units' reports in step order. */
  static List<TableReport> run(StepScheduler scheduler, Planned planned, JdbcTarget target,
      String runId, Map<String, Checkpoint> checkpoints, IntConsumer proofs) {
    CopyPlan plan = planned.plan();
    Map<String, List<TablePlan>> ranged = new LinkedHashMap<>();
    List<LoadSteps.Step> steps = new ArrayList<>();
    Map<Integer, String> tableOf = new HashMap<>();
    for (CopyPlan.Step step : plan.steps()) {
      boolean done = true;
      List<String> units = new ArrayList<>();
      for (TablePlan t : step.tables()) {
        units.add(t.unit());
        Checkpoint cp = checkpoints.get(t.unit());
        done &= cp != null && cp.done();
        if (t.range() != null) {
          ranged.computeIfAbsent(t.tableUnit(), k -> new ArrayList<>()).add(t);
          tableOf.put(step.id(), t.tableUnit());
        }
      }
      steps.add(new LoadSteps.Step(step.id(), units, step.waitsFor(), done));
    }
    Map<String, Set<String>> pending = new HashMap<>();
    try {
      for (List<TablePlan> ranges : ranged.values()) {
        Set<String> open = start(target, runId, ranges, checkpoints);
        if (open.isEmpty()) {
          finish(target, runId, ranges.get(0));
        } else {
          pending.put(ranges.get(0).tableUnit(), open);
        }
      }
    } catch (SQLException e) {
      throw target.failure("starting the tables loading as key ranges", e);
    }
    IntConsumer done = id -> {
      proofs.accept(id);
      String table = tableOf.get(id);
      Set<String> open = table == null ? null : pending.get(table);
      if (open == null) {
        return;
      }
      plan.steps().get(id).tables().forEach(t -> open.remove(t.unit()));
      if (open.isEmpty()) {
        pending.remove(table);
        try {
          finish(target, runId, ranged.get(table).get(0));
        } catch (SQLException e) {
          throw target.failure("re-creating the indexes of " + table, e);
        }
      }
    };
    List<TableReport> reports = scheduler.run(new LoadSteps(runId, plan.fingerprint(), steps,
        done));
    Map<String, TableReport> byUnit = new HashMap<>();
    reports.forEach(r -> byUnit.put(r.unit(), r));
    List<TableReport> ordered = new ArrayList<>();
    plan.steps().forEach(s -> s.tables().forEach(t -> {
      if (byUnit.containsKey(t.unit())) {
        ordered.add(byUnit.get(t.unit()));
      }
    }));
    return ordered;
  }

  /**
   * Starts a ranged table as its first range does in the local runner: a checkpoint for every
   * range with the rows the table held before (one transaction), then its plain indexes dropped
   * when it was empty. Returns the ranges not done.
   */
  private static Set<String> start(JdbcTarget target, String runId, List<TablePlan> ranges,
      Map<String, Checkpoint> checkpoints) throws SQLException {
    TablePlan first = ranges.get(0);
    Set<String> open = new HashSet<>();
    for (String unit : RangedLoad.units(first)) {
      Checkpoint cp = checkpoints.get(unit);
      if (cp == null || !cp.done()) {
        open.add(unit);
      }
    }
    if (open.isEmpty()) {
      return open;
    }
    try (Connection c = target.newSession(first.target())) {
      Checkpoint any = checkpoints.get(first.unit());
      long before = any != null ? any.rowsBefore() : target.count(c, first);
      if (any == null) {
        for (String unit : RangedLoad.units(first)) {
          target.state().save(c, runId, unit, null, 0, before, false, 0, RowDigest.text(0));
        }
        c.commit();
      }
      List<DeferrableIndex> dropped = IndexDeferral.defer(target, c, target.state(), runId,
          first, target.defersIndexes() && before == 0);
      LOG.debug("started {} as {} key ranges ({} indexes deferred)", first.tableUnit(),
          open.size(), dropped.size());
    }
    return open;
  }

  /** Re-creates the indexes the run dropped for a ranged table, once all its ranges are done. */
  private static void finish(JdbcTarget target, String runId, TablePlan range)
      throws SQLException {
    List<DeferrableIndex> deferred = target.deferredIndexes(range.tableUnit());
    if (deferred.isEmpty()) {
      return;
    }
    try (Connection c = target.newSession(range.target())) {
      IndexDeferral.recreate(c, target.state(), runId, range, deferred);
      c.commit();
    }
  }
}
