package dev.ferry.copy;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.LoadOrder.Cycle;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.UniqueKey;
import dev.ferry.dialect.Dialect;
import dev.ferry.json.Json;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a source catalog, a target (a database catalog, or a bundle) and a load order into a
 * {@link CopyPlan}. Pure: it reads nothing and writes nothing.
 */
public final class CopyPlanner {

  /**
   * The transformation entry naming the user map's identity table, whose references the map's
   * transformer proves as it rewrites them.
   */
  static final String MAPPED_IDENTITY_TABLE = "user-map.identity-table";

  /**
   * What the planner knows about a database target; null for a bundle target. For SQL scripts the
   * catalog is the source's (the scripts' target is assumed to have its shape) and {@code script}
   * is true: nobody can tell now which triggers the target will have when the scripts run.
   */
  record Target(Catalog catalog, Dialect dialect, boolean mayDisableTriggers,
      boolean allowTriggers, boolean script, boolean rowKeyChecks, boolean truncate) {

    Target(Catalog catalog, Dialect dialect, boolean mayDisableTriggers, boolean allowTriggers) {
      this(catalog, dialect, mayDisableTriggers, allowTriggers, false, true, false);
    }

    Target(Catalog catalog, Dialect dialect, boolean mayDisableTriggers, boolean allowTriggers,
        boolean script) {
      this(catalog, dialect, mayDisableTriggers, allowTriggers, script, true, false);
    }

    Target(Catalog catalog, Dialect dialect, boolean mayDisableTriggers, boolean allowTriggers,
        boolean script, boolean rowKeyChecks) {
      this(catalog, dialect, mayDisableTriggers, allowTriggers, script, rowKeyChecks, false);
    }
  }

  private CopyPlanner() {}

  static CopyPlan plan(Catalog source, LoadOrder order, Target target,
      Map<String, String> transformations) {
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean database = target != null;
    Map<TableName, Table> sourceTables = new HashMap<>();
    source.tables().forEach(t -> sourceTables.put(t.name(), t));

    for (Cycle cycle : order.cycles()) {
      if (database && Edge.REFUSED.equals(cycle.plan())) {
        problems.add(cycle.message());
      }
    }
    Map<TableName, Set<String>> nulled = new HashMap<>();
    Set<TableName> relaxedTables = new HashSet<>();
    List<Edge> orphanChecks = new ArrayList<>();
    String relaxation = null;
    for (Edge e : order.edges()) {
      if (!database) {
        continue;
      }
      switch (e.treatment()) {
        case Edge.NULL_THEN_UPDATE ->
            nulled.computeIfAbsent(e.child(), k -> new LinkedHashSet<>()).addAll(e.columns());
        case Edge.RELAXED -> {
          relaxedTables.add(e.child());
          orphanChecks.add(e);
        }
        default -> { }
      }
    }
    if (!relaxedTables.isEmpty() && !order.target().relaxations().isEmpty()) {
      relaxation = order.target().relaxations().get(0).name();
    }

    Map<TableName, TableName> targetNames = new HashMap<>();
    Map<TableName, Table> targetTables = new HashMap<>();
    Map<TableName, TablePlan> plans = new LinkedHashMap<>();
    for (TableName name : order.order()) {
      Table table = sourceTables.get(name);
      if (!table.holdsOwnRows()) {
        notes.add(name + " is partitioned: its rows are copied through its partitions");
        continue;
      }
      Table targetTable = null;
      if (database) {
        Optional<Table> match = TableMatch.match(target.catalog(), name);
        if (match.isEmpty()) {
          // SQLite has no schema to name
          String schemas = String.join(", ", target.catalog().schemas().stream()
              .filter(s -> s != null && !s.isBlank()).toList());
          problems.add("target has no table " + name.name()
              + (schemas.isEmpty() ? "" : " (looked in " + schemas + ")"));
          continue;
        }
        targetTable = match.get();
        targetTables.put(name, targetTable);
      }
      TableName targetName = targetTable == null ? name : targetTable.name();
      targetNames.put(name, targetName);
      List<CopyColumn> columns = columns(table, targetTable, problems);
      List<String> key = TableMatch.keyOf(table);
      if (key.isEmpty()) {
        notes.add(name + " has no primary or non-null unique key: read in one pass; a resume"
            + " reloads it whole");
      }
      plans.put(name, new TablePlan(name, targetName, columns, key,
          nulled.getOrDefault(name, Set.of()), table.hasChildren(), List.of()));
    }

    Map<TableName, List<String>> session = new TreeMap<>();
    Set<TableName> overrideIdentity = new HashSet<>();
    Map<TableName, List<String>> identityResets = new TreeMap<>();
    Set<String> needlessBreaks = new HashSet<>();
    Set<TableName> unchecked = Set.of();
    List<CopyPlan.SetAside> setAside = new ArrayList<>();
    if (database) {
      // scripts set keys aside in the file that loads them (script package), not in a run's state
      if (relaxation != null && CheckRelaxation.valueOf(relaxation).perConstraint()
          && !target.script()) {
        SetAsideConstraints.plan(target.catalog(), order, targetTables,
            CheckRelaxation.valueOf(relaxation), setAside, notes);
        relaxation = null;
        relaxedTables.clear();
      }
      unchecked = sessionSettings(target, order, plans, targetTables,
          relaxedTables, relaxation, session, orphanChecks,
          transformations.get(MAPPED_IDENTITY_TABLE), problems, notes);
      dropNeedlessBreaks(order, plans, unchecked, needlessBreaks, notes);
      targetTables.forEach((sourceName, t) -> {
        List<String> generated = new ArrayList<>();
        for (Column c : t.columns()) {
          if (c.generation() != null && !"computed".equals(c.generation())) {
            generated.add(c.name());
          }
          if ("identity-always".equals(c.generation())) {
            overrideIdentity.add(t.name());
          }
        }
        if (!generated.isEmpty() && plans.containsKey(sourceName)) {
          identityResets.put(t.name(), generated);
        }
      });
    }
    List<CopyPlan.Step> steps = steps(order, plans, database, needlessBreaks, unchecked,
        problems);
    orphanChecks.sort(java.util.Comparator.comparing(Edge::id));
    String fingerprint = Json.fingerprint(List.of(source.fingerprint(),
        database ? target.catalog().fingerprint() : "bundle", order, new TreeMap<>(transformations),
        steps.stream().map(s -> s.tables()).toList()));
    return new CopyPlan(order, steps, session, overrideIdentity, identityResets, orphanChecks,
        setAside, problems, notes, fingerprint);
  }

  /**
   * A cycle broken by loading a reference NULL and updating it afterwards needs neither when the
   * child table loads with foreign-key checks off (its rows then load as they are, and the key is
   * proven after the load like every unchecked one): saves a second write of every such row.
   */
  private static void dropNeedlessBreaks(LoadOrder order, Map<TableName, TablePlan> plans,
      Set<TableName> unchecked, Set<String> needless, List<String> notes) {
    for (Cycle c : order.cycles()) {
      for (Edge e : c.breaks()) {
        TablePlan child = plans.get(e.child());
        if (!Edge.NULL_THEN_UPDATE.equals(e.treatment()) || child == null
            || !unchecked.contains(e.child())) {
          continue;
        }
        Set<String> nulled = new LinkedHashSet<>(child.nulledColumns());
        nulled.removeAll(e.columns());
        plans.put(e.child(), new TablePlan(child.source(), child.target(), child.columns(),
            child.keyColumns(), nulled, child.ownRowsOnly(), child.updateColumns()));
        needless.add(e.id());
        notes.add("cycle break " + e.id() + " is not needed: " + e.child() + " loads with"
            + " foreign-key checks off, so " + e.columns() + " load as they are (no NULL first,"
            + " no update after) and the key is proven after the load");
      }
    }
  }

  /** Returns the tables (source names) whose load session skips foreign-key checks. */
  private static Set<TableName> sessionSettings(Target target, LoadOrder order,
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
      Set<String> events = LoadTriggers.sessionEvents(fixedUp.contains(entry.getKey()),
          plan != null && !plan.keyed());
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

  private static List<String> disable(Dialect dialect) {
    return dialect.disableTriggers() == null ? List.of() : dialect.disableTriggers();
  }

  /**
   * Load steps in order, then (for a database target) one fix-up per nullable cycle break. A
   * child waits for its parents only where its foreign keys are checked as it loads: a child
   * loaded with checks off ({@code unchecked}) may load before or beside its parents, its keys
   * being proven once both are loaded.
   */
  private static List<CopyPlan.Step> steps(LoadOrder order, Map<TableName, TablePlan> plans,
      boolean database, Set<String> needlessBreaks, Set<TableName> unchecked,
      List<String> problems) {
    Map<TableName, Integer> stepOf = new HashMap<>();
    List<CopyPlan.Step> steps = new ArrayList<>();
    Map<TableName, Cycle> deferredGroupOf = new HashMap<>();
    for (Cycle c : order.cycles()) {
      if (c.oneTransaction() && "cycle".equals(c.kind())) {
        c.tables().forEach(t -> deferredGroupOf.put(t, c));
      }
    }
    Set<Cycle> grouped = new HashSet<>();
    for (TableName name : order.order()) {
      TablePlan plan = plans.get(name);
      if (plan == null) {
        continue;
      }
      Cycle group = deferredGroupOf.get(name);
      if (group != null) {
        if (!grouped.add(group)) {
          continue;
        }
        List<TablePlan> members = order.order().stream().filter(group.tables()::contains)
            .map(plans::get).filter(java.util.Objects::nonNull).toList();
        int id = steps.size();
        members.forEach(m -> stepOf.put(m.source(), id));
        steps.add(new CopyPlan.Step(id, members, new HashSet<>()));
      } else {
        int id = steps.size();
        stepOf.put(name, id);
        steps.add(new CopyPlan.Step(id, List.of(plan), new HashSet<>()));
      }
    }
    for (Edge e : order.edges()) {
      Integer child = stepOf.get(e.child());
      Integer parent = stepOf.get(e.parent());
      if (child != null && parent != null && !child.equals(parent)
          && Edge.ORDERED.equals(e.treatment()) && !unchecked.contains(e.child())) {
        steps.get(child).waitsFor().add(parent);
      }
    }
    for (Cycle c : database ? order.cycles() : List.<Cycle>of()) {
      for (Edge e : c.breaks()) {
        if (!Edge.NULL_THEN_UPDATE.equals(e.treatment()) || !plans.containsKey(e.child())
            || needlessBreaks.contains(e.id())) {
          continue;
        }
        TablePlan child = plans.get(e.child());
        if (!child.keyed()) {
          problems.add("cycle break " + e.id() + " needs an UPDATE by key afterwards, but "
              + e.child() + " has no primary or non-null unique key");
          continue;
        }
        List<CopyColumn> columns = new ArrayList<>();
        for (String k : child.keyColumns()) {
          columns.add(child.columns().get(child.indexOf(k)));
        }
        for (String fk : e.columns()) {
          if (!child.keyColumns().contains(fk) && child.indexOf(fk) >= 0) {
            columns.add(child.columns().get(child.indexOf(fk)));
          }
        }
        TablePlan fixup = new TablePlan(child.source(), child.target(), columns,
            child.keyColumns(), Set.of(), child.ownRowsOnly(), e.columns());
        Set<Integer> waits = new HashSet<>();
        c.tables().forEach(t -> {
          if (stepOf.containsKey(t)) {
            waits.add(stepOf.get(t));
          }
        });
        steps.add(new CopyPlan.Step(steps.size(), List.of(fixup), waits));
      }
    }
    return steps;
  }

  private static List<CopyColumn> columns(Table source, Table target, List<String> problems) {
    List<CopyColumn> columns = new ArrayList<>();
    for (Column c : source.columns()) {
      if ("computed".equals(c.generation())) {
        continue;
      }
      String targetName = c.name();
      String targetType = null;
      if (target != null) {
        Optional<Column> tc = target.columns().stream()
            .filter(x -> x.name().equalsIgnoreCase(c.name())).findFirst();
        if (tc.isEmpty()) {
          problems.add("target table " + target.name() + " has no column " + c.name());
          continue;
        }
        if ("computed".equals(tc.get().generation())) {
          problems.add("target column " + target.name() + "." + tc.get().name()
              + " is computed and cannot be loaded");
          continue;
        }
        targetName = tc.get().name();
        targetType = tc.get().type();
      }
      columns.add(new CopyColumn(c.name(), targetName, ValueKind.of(c), c.nullable(),
          targetType));
    }
    return columns;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
