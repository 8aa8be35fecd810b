package dev.ferry.copy;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.copy.CopyPlanner.Target;
import dev.ferry.dialect.Dialect;
import dev.ferry.rows.TablePlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what each target table's load session runs before its rows (foreign-key checks
 * relaxed, triggers silenced) and so which foreign keys are proven after the load instead of
 * row by row.
 */
final class SessionSettings {

  private SessionSettings() {}

  /** Returns the tables (source names) whose load session skips foreign-key checks. */
  static Set<TableName> plan(Target target, LoadOrder order,
      Map<TableName, TablePlan> plans, Map<TableName, Table> targetTables,
      Set<TableName> relaxedTables, String relaxation, Map<TableName, List<String>> session,
      List<Edge> orphanChecks, String mappedIdentity, List<String> problems, List<String> notes) {
    Dialect dialect = target.dialect();
    // scripts relax checks themselves, in the transaction that loads the cycle (script package)
    List<String> relax = relaxation == null || target.script() ? List.of()
        : dialect.relaxChecks(CheckRelaxation.valueOf(relaxation));
    if (!relaxedTables.isEmpty() && relax == null) {
      problems.add("the plan relaxes foreign-key checks on " + relaxedTables + " with "
          + relaxation + ", which ferry cannot apply per session on " + dialect.id()
          + " yet. Make one foreign key of the cycle nullable or DEFERRABLE.");
    }
    Set<TableName> silenced = new HashSet<>();
    // Every table with a foreign key may load unchecked: a key to a table of this copy is proven
    // after the load; a key to a table left out (already in the target) was probed before
    // writing (Preflight) and is proven after the load as well; a reference to the user map's
    // identity table is proven value by value as it is rewritten (RemapTransformer).
    Set<TableName> children = new HashSet<>();
    Set<TableName> fixedUp = new HashSet<>();
    order.edges().forEach(e -> {
      children.add(e.child());
      if (Edge.NULL_THEN_UPDATE.equals(e.treatment())) {
        fixedUp.add(e.child());
      }
    });
    Set<String> truncateEvents = target.truncate() ? Set.of(dialect.truncateEvent()) : Set.of();
    List<TableName> keysAfter = new ArrayList<>();
    for (Map.Entry<TableName, Table> entry : targetTables.entrySet()) {
      Table t = LoadTriggers.asLoaded(entry.getValue(),
          dialect.supports(dev.ferry.dialect.Capability.COPY));
      List<String> statements = new ArrayList<>();
      if (relaxedTables.contains(entry.getKey()) && relax != null) {
        statements.addAll(relax);
      }
      TablePlan plan = plans.get(entry.getKey());
      Set<String> events = LoadTriggers.sessionEvents(fixedUp.contains(entry.getKey())
          || target.merged().test(entry.getKey()), plan != null && !plan.keyed());
      List<String> disable = dialect.disableTriggers();
      boolean triggers = !target.script() && t.triggers().stream()
          .anyMatch(tr -> (tr.enabled() || tr.firesWhenSilenced()) && tr.firesOn(events));
      if (!triggers && !target.script() && !target.rowKeyChecks() && disable != null
          && target.mayDisableTriggers() && children.contains(entry.getKey())) {
        // a foreign key checked per row costs one lookup per row and key (4x the load on
        // PostgreSQL, docs/perf.md); one anti-join per key after the load proves the same
        disable.stream().filter(s -> !statements.contains(s)).forEach(statements::add);
        silenced.add(entry.getKey());
        keysAfter.add(t.name());
      }
      if (!target.script() && LoadTriggers.apply(t, events, truncateEvents, disable,
          target.mayDisableTriggers(), target.allowTriggers(), dialect.id(), statements, notes,
          problems)) {
        silenced.add(entry.getKey());
      }
      // a session that relaxes checks (or silences triggers, which on PostgreSQL is the same
      // switch) skips every foreign key of the table, not only the cycle's: prove them all
      if (!target.script() && !statements.isEmpty() && (relaxedTables.contains(entry.getKey())
          || disable != null && statements.stream().anyMatch(disable::contains))) {
        silenced.add(entry.getKey());
      }
      if (!statements.isEmpty()) {
        session.put(t.name(), statements);
      }
    }
    if (!keysAfter.isEmpty()) {
      notes.add("foreign keys of " + keysAfter.size() + " tables are not checked row by row"
          + " while loading (" + String.join("; ", disable(dialect)) + "); every key is proven"
          + " after the load, in one pass per key (--row-key-checks to check per row)");
    }
    // Silencing triggers via replica role also skips FK checks: prove those keys afterwards.
    Set<String> checked = new HashSet<>();
    orphanChecks.forEach(e -> checked.add(e.id()));
    for (Edge e : order.edges()) {
      if (silenced.contains(e.child()) && plans.containsKey(e.child())
          && !e.parent().qualified().equals(mappedIdentity) && checked.add(e.id())) {
        orphanChecks.add(e);
      }
    }
    return silenced;
  }

  static List<String> disable(Dialect dialect) {
    return dialect.disableTriggers() == null ? List.of() : dialect.disableTriggers();
  }
}
