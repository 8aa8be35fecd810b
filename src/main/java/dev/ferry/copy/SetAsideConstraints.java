package dev.ferry.copy;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.DeferredConstraint;
import dev.ferry.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets aside the foreign keys a plan relaxes per constraint (drops them, or disables them) before
 * the load and restores them after it, crash-safely: each key's restoring statements are recorded
 * in ferry's state in the transaction that sets it aside (where DDL is transactional; before it
 * elsewhere), and forgotten in the one that restores it. A run killed in between leaves the
 * record; its resume restores the key at its end, and any other run on the target restores it
 * when it starts.
 */
final class SetAsideConstraints {

  private static final Logger LOG = LoggerFactory.getLogger(SetAsideConstraints.class);

  /**
   * How a restore ended.
   *
   * @param constraint the key
   * @param validated true when it was restored checking every row; false when rows violate it
   *     and it was restored without checking them ({@link DeferredConstraint#restoreUnchecked})
   * @param violation the server's words about the violation, when not validated
   */
  record Restored(DeferredConstraint constraint, boolean validated, String violation) {}

  private final Connection c;
  private final Dialect dialect;
  private final StateStore state;

  /**
   * Plans which of the target's foreign keys to set aside for the load (dropped and re-created,
   * or disabled and re-enabled) where the principal relaxes checks per constraint: those behind
   * the relaxed edges. An edge whose key the target does not have needs nothing: no check stops
   * its rows.
   */
  static void plan(Catalog target, LoadOrder order, Map<TableName, Table> targetTables,
      CheckRelaxation how, List<CopyPlan.SetAside> setAside, List<String> notes) {
    for (Edge e : order.edges()) {
      Table child = targetTables.get(e.child());
      if (!Edge.RELAXED.equals(e.treatment()) || child == null) {
        continue;
      }
      Table parent = TableMatch.match(target, e.parent()).orElse(null);
      java.util.Optional<ForeignKey> key = child.foreignKeys().stream()
          .filter(k -> k.name().equalsIgnoreCase(e.constraint())).findFirst()
          .or(() -> child.foreignKeys().stream().filter(k -> parent != null
              && k.parent().equals(parent.name()) && sameColumns(k.columns(), e.columns()))
              .findFirst());
      if (key.isEmpty()) {
        notes.add("cycle break " + e.id() + ": the target has no such foreign key on "
            + child.name() + ", so nothing is set aside for it");
        continue;
      }
      setAside.add(new CopyPlan.SetAside(e.id(), child.name(), key.get().name(),
          key.get().parent(), how, key.get()));
      notes.add("cycle break " + e.id() + ": foreign key " + child.name() + "."
          + key.get().name() + (how == CheckRelaxation.DISABLE_CONSTRAINT
              ? " is disabled for the load and re-enabled after it, checked"
              : " is dropped for the load and re-created after it, validated")
          + " (its definition kept in ferry's state until then), and proven by an orphan check");
    }
  }

  private static boolean sameColumns(List<String> a, List<String> b) {
    return a.size() == b.size() && java.util.stream.IntStream.range(0, a.size())
        .allMatch(i -> a.get(i).equalsIgnoreCase(b.get(i)));
  }

  SetAsideConstraints(Connection control, Dialect dialect, StateStore state) {
    this.c = control;
    this.dialect = dialect;
    this.state = state;
  }

  /**
   * Restores the keys other runs set aside and never restored (killed runs): validated where the
   * rows allow it, else unchecked. Returns a note for each.
   */
  List<String> restoreOthers(String runId) throws SQLException {
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, List<DeferredConstraint>> run : state.deferredConstraints(c)
        .entrySet()) {
      if (run.getKey().equals(runId)) {
        continue;
      }
      for (DeferredConstraint k : run.getValue()) {
        Restored r = restore(run.getKey(), k, true);
        notes.add("foreign key " + name(k) + ", which run " + run.getKey() + " left dropped or"
            + " disabled (it ended before restoring it), was re-created, " + (r.validated()
                ? "validated" : "WITHOUT checking the rows present, which violate it ("
                    + r.violation() + "): " + k.restoreUnchecked()));
      }
    }
    return notes;
  }

  /**
   * Sets aside the plan's keys that this run has not set aside already (a resume finds its own
   * still recorded).
   */
  void setAside(String runId, List<CopyPlan.SetAside> keys) throws SQLException {
    List<DeferredConstraint> own = state.deferredConstraints(c).getOrDefault(runId, List.of());
    for (CopyPlan.SetAside key : keys) {
      boolean recorded = own.stream().anyMatch(k -> k.table().equals(key.table())
          && k.name().equals(key.constraint()));
      if (!recorded) {
        setAside(runId, key);
      }
    }
  }

  private void setAside(String runId, CopyPlan.SetAside key) throws SQLException {
    inDdlTransaction(s -> {
      DeferredConstraint k = dialect.deferredConstraint(c, key.table(), key.constraint());
      if (k == null) {
        LOG.debug("{} has no foreign key {} to set aside", key.table(), key.constraint());
      } else {
        state.saveDeferred(c, runId, k, key.key());
        s.execute(dialect.setAside(k));
        LOG.info("{} {} for the load; ferry's state keeps how to restore it",
            key.how() == CheckRelaxation.DISABLE_CONSTRAINT ? "disabled" : "dropped", name(k));
      }
    });
  }

  /** Restores every key this run set aside: validated, or unchecked where rows violate it. */
  List<Restored> restoreOwn(String runId) throws SQLException {
    List<Restored> restored = new ArrayList<>();
    for (DeferredConstraint k : state.deferredConstraints(c).getOrDefault(runId, List.of())) {
      restored.add(restore(runId, k, true));
    }
    return restored;
  }

  /**
   * After a failed run: restores the keys the rows loaded so far satisfy, and leaves the others
   * set aside and recorded for the resume (restored unchecked now, they would have to be set
   * aside again). Returns the keys left.
   */
  List<String> restoreAfterFailure(String runId) throws SQLException {
    List<String> left = new ArrayList<>();
    for (DeferredConstraint k : state.deferredConstraints(c).getOrDefault(runId, List.of())) {
      if (!restore(runId, k, false).validated()) {
        left.add(name(k));
      }
    }
    return left;
  }

  /**
   * Restores one key and forgets it in one transaction (where DDL is transactional; else the
   * record outlives the DDL by a moment, and a restore that finds the key present only forgets
   * it). A violation (SQLState class 23) falls back to the unchecked restore when {@code
   * orUnchecked}, else leaves the key as it is.
   */
  private Restored restore(String runId, DeferredConstraint k, boolean orUnchecked)
      throws SQLException {
    if (dialect.constraintPresent(c, k.table(), k.name())) {
      state.forgetDeferred(c, runId, k);
      return new Restored(k, true, null);
    }
    try {
      run(runId, k, k.restore());
      LOG.info("re-created {}, validated", name(k));
      return new Restored(k, true, null);
    } catch (SQLException e) {
      if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
        throw e;
      }
      if (!orUnchecked) {
        return new Restored(k, false, e.getMessage());
      }
      run(runId, k, k.restoreUnchecked());
      LOG.warn("re-created {} without checking the rows present: {}", name(k), e.getMessage());
      return new Restored(k, false, firstLine(e.getMessage()));
    }
  }

  private void run(String runId, DeferredConstraint k, String sql) throws SQLException {
    inDdlTransaction(s -> {
      s.execute(sql);
      state.forgetDeferred(c, runId, k);
    });
  }

  /** What {@link #inDdlTransaction} runs: statements on the connection, then the state. */
  private interface DdlWork {
    void run(Statement s) throws SQLException;
  }

  /**
   * Runs DDL and ferry's record of it in one transaction where the engine's DDL is
   * transactional (else each commits by itself), and leaves the connection's auto-commit as it
   * found it.
   */
  private void inDdlTransaction(DdlWork work) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(!dialect.transactionalDdl());
    try (Statement s = c.createStatement()) {
      work.run(s);
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** {@code schema.table.constraint}, as the plan's edges and orphan checks name keys. */
  static String name(DeferredConstraint k) {
    return k.table().qualified() + "." + k.name();
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).strip();
  }
}
