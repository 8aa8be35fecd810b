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
      boolean allowTriggers, boolean script, boolean rowKeyChecks, boolean truncate,
      java.util.function.Predicate<TableName> merged) {

    /** A target no table is merged into with UPDATEs. */
    Target(Catalog catalog, Dialect dialect, boolean mayDisableTriggers, boolean allowTriggers,
        boolean script, boolean rowKeyChecks, boolean truncate) {
      this(catalog, dialect, mayDisableTriggers, allowTriggers, script, rowKeyChecks, truncate,
          t -> false);
    }

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
    return plan(source, order, target, transformations, Map.of());
  }

  /**
   * @param rowFilters per source table, the condition selecting the rows it reads (part of each
   *     table's plan, so of the fingerprint a resume must match)
   */
  static CopyPlan plan(Catalog source, LoadOrder order, Target target,
      Map<String, String> transformations, Map<TableName, String> rowFilters) {
    return plan(source, order, target, transformations, rowFilters, KeyRanges.NONE);
  }

  /** @param ranges which tables load as key ranges (part of the steps, so of the fingerprint) */
  static CopyPlan plan(Catalog source, LoadOrder order, Target target,
      Map<String, String> transformations, Map<TableName, String> rowFilters,
      KeyRanges ranges) {
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
          nulled.getOrDefault(name, Set.of()), table.hasChildren(), List.of(),
          rowFilters.get(name)));
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
      unchecked = SessionSettings.plan(target, order, plans, targetTables,
          relaxedTables, relaxation, session, orphanChecks,
          transformations.get(MAPPED_IDENTITY_TABLE), problems, notes);
      StepPlanner.dropNeedlessBreaks(order, plans, unchecked, needlessBreaks, notes);
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
    List<CopyPlan.Step> steps = StepPlanner.steps(order, plans, database, needlessBreaks,
        unchecked, ranges, problems, notes);
    orphanChecks.sort(java.util.Comparator.comparing(Edge::id));
    String fingerprint = Json.fingerprint(List.of(source.fingerprint(),
        database ? target.catalog().fingerprint() : "bundle", order, new TreeMap<>(transformations),
        steps.stream().map(s -> s.tables()).toList()));
    return new CopyPlan(order, steps, session, overrideIdentity, identityResets, orphanChecks,
        setAside, problems, notes, fingerprint);
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
          problems.add(MergeSchema.missingColumn(target, c.name()));
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
}
