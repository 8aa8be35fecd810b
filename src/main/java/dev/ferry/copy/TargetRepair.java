package dev.ferry.copy;

import dev.ferry.dialect.DeferrableIndex;
import dev.ferry.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a database target whole around its loads: sets the plan's foreign keys aside when a run
 * begins and restores them after the load, re-creates the plain indexes loads dropped (a killed
 * run's when the next run begins, this run's after it failed), and says what a failed run leaves
 * set aside for its resume. What is taken apart is recorded in ferry's state tables until it is
 * put back.
 */
final class TargetRepair {

  private static final Logger LOG = LoggerFactory.getLogger(TargetRepair.class);

  private final JdbcTarget target;
  private final Connection control;
  private final StateStore state;
  private final List<CopyPlan.SetAside> setAside;
  private final SetAsideConstraints constraints;

  /**
   * @param control the target's control connection, which keeps ferry's state
   * @param setAside foreign keys set aside when the run begins, restored by {@link
   *     #restoreConstraints} after the load
   */
  TargetRepair(JdbcTarget target, Connection control, Dialect dialect, StateStore state,
      List<CopyPlan.SetAside> setAside) {
    this.target = target;
    this.control = control;
    this.state = state;
    this.setAside = setAside;
    this.constraints = new SetAsideConstraints(control, dialect, state);
  }

  /**
   * For a refusal that points at {@code --resume}: the foreign keys that run left set aside, which
   * the resume restores; empty when it left none.
   */
  String setAsideBy(String run) {
    try {
      List<String> keys = state.exists(control, state.deferredConstraintTable())
          ? state.deferredConstraints(control).getOrDefault(run, List.of()).stream()
              .map(SetAsideConstraints::name).toList()
          : List.of();
      return keys.isEmpty() ? "" : " (it left these foreign keys dropped or disabled, which the"
          + " resume re-creates: " + String.join(", ", keys) + ")";
    } catch (SQLException e) {
      return "";
    }
  }

  /**
   * Re-creates every index a killed run dropped and did not re-create, when no run of ours is
   * active on the target (the caller holds the run lock) but this one will not load either: a
   * refused run leaves the target no worse than it found it.
   */
  void restoreAllIndexes(String runId) {
    try {
      if (!state.exists(control)) {
        return;
      }
    } catch (SQLException e) {
      return;
    }
    restoreIndexes(runId, true);
  }

  /**
   * When a run begins: re-creates the indexes other runs dropped and did not re-create, restores
   * the foreign keys other runs left set aside (each {@code note} says which), and sets aside
   * this run's.
   */
  void beginRun(String runId, Consumer<String> note) {
    restoreIndexes(runId, false);
    try {
      constraints.restoreOthers(runId).forEach(note);
      constraints.setAside(runId, setAside);
    } catch (SQLException e) {
      throw target.failure("setting foreign keys aside for the load (each recorded in "
          + state.deferredConstraintTable() + " until it is restored)", e);
    }
  }

  /**
   * Restores the foreign keys this run set aside, once its tables are loaded: validated, or, where
   * rows violate a key, without checking the rows present (the caller reports those). Each key
   * restored validated is added to {@code notes}.
   */
  List<SetAsideConstraints.Restored> restoreConstraints(String runId, List<String> notes) {
    try {
      List<SetAsideConstraints.Restored> restored = constraints.restoreOwn(runId);
      for (SetAsideConstraints.Restored r : restored) {
        boolean disabled = setAside.stream().anyMatch(k -> k.table().equals(
            r.constraint().table()) && k.constraint().equals(r.constraint().name())
            && k.how() == dev.ferry.catalog.CheckRelaxation.DISABLE_CONSTRAINT);
        if (r.validated()) {
          notes.add(SetAsideConstraints.name(r.constraint()) + " was " + (disabled
              ? "disabled for the load and re-enabled" : "dropped for the load and re-created")
              + ", validated");
        }
      }
      return restored;
    } catch (SQLException e) {
      throw target.failure("restoring the foreign keys set aside for the load (listed in "
          + state.deferredConstraintTable() + "; the next run on this target restores them)", e);
    }
  }

  /**
   * After a failed run, leaves the target as whole as it can: re-creates the indexes this run
   * dropped, and restores the foreign keys it set aside that the rows loaded so far satisfy.
   * Returns what the failure's message should add: the keys left set aside for the resume.
   */
  String afterFailure(String runId) {
    try {
      restoreIndexes(runId, true);
    } catch (RuntimeException e) {
      LOG.warn("{}; a later run re-creates them", e.getMessage());
    }
    if (runId == null) {
      // failed before the run began (emptying the tables, say): it set nothing aside
      return "";
    }
    try {
      List<String> left = constraints.restoreAfterFailure(runId);
      return left.isEmpty() ? "" : "\nForeign keys left set aside, which the resume (or the next"
          + " run on this target) restores: " + String.join(", ", left);
    } catch (SQLException e) {
      return "\n" + target.failure("restoring the foreign keys set aside for the load (listed in "
          + state.deferredConstraintTable() + "; the next run on this target restores them)", e)
          .getMessage();
    }
  }

  /** The indexes this run dropped for a unit and has not re-created yet. */
  List<DeferrableIndex> deferredIndexes(String runId, String unit) {
    try {
      return state.deferred(control).getOrDefault(runId, Map.of()).getOrDefault(unit, List.of());
    } catch (SQLException e) {
      throw target.failure("reading ferry's deferred indexes", e);
    }
  }

  /**
   * Re-creates indexes a load dropped and did not re-create: those of other runs (a run killed
   * mid-load, then followed by a new one), and with {@code ownToo} this run's as well (after it
   * failed, so that the target is left with every index). Each unit's indexes are re-created and
   * forgotten in one transaction.
   */
  private void restoreIndexes(String runId, boolean ownToo) {
    try {
      for (var run : state.deferred(control).entrySet()) {
        if (run.getKey().equals(runId) && !ownToo) {
          continue;
        }
        for (var unit : run.getValue().entrySet()) {
          boolean auto = control.getAutoCommit();
          control.setAutoCommit(false);
          try (Statement s = control.createStatement()) {
            for (DeferrableIndex index : unit.getValue()) {
              s.execute(index.definition());
            }
            state.forgetDeferred(control, run.getKey(), unit.getKey());
            control.commit();
          } catch (SQLException e) {
            control.rollback();
            throw e;
          } finally {
            control.setAutoCommit(auto);
          }
          LOG.info("re-created {} indexes that run {} dropped from {}", unit.getValue().size(),
              run.getKey(), unit.getKey());
        }
      }
    } catch (SQLException e) {
      throw target.failure("re-creating indexes an earlier load dropped (listed in "
          + state.deferredIndexTable() + ")", e);
    }
  }
}
