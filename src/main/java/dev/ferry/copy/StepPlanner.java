package dev.ferry.copy;

import dev.ferry.catalog.LoadOrder.Cycle;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts a plan's tables into load steps: which step waits for which, the tables of a deferred
 * cycle in one step, and the fix-up steps that set the references a cycle break loaded NULL.
 */
final class StepPlanner {

  private StepPlanner() {}

  /**
   * A cycle broken by loading a reference NULL and updating it afterwards needs neither when the
   * child table loads with foreign-key checks off (its rows then load as they are, and the key is
   * proven after the load like every unchecked one): saves a second write of every such row.
   */
  static void dropNeedlessBreaks(LoadOrder order, Map<TableName, TablePlan> plans,
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
            child.keyColumns(), nulled, child.ownRowsOnly(), child.updateColumns(),
            child.rowFilter()));
        needless.add(e.id());
        notes.add("cycle break " + e.id() + " is not needed: " + e.child() + " loads with"
            + " foreign-key checks off, so " + e.columns() + " load as they are (no NULL first,"
            + " no update after) and the key is proven after the load");
      }
    }
  }

  /**
   * Load steps in order, then (for a database target) one fix-up per nullable cycle break. A
   * child waits for its parents only where its foreign keys are checked as it loads: a child
   * loaded with checks off ({@code unchecked}) may load before or beside its parents, its keys
   * being proven once both are loaded.
   */
  static List<CopyPlan.Step> steps(LoadOrder order, Map<TableName, TablePlan> plans,
      boolean database, Set<String> needlessBreaks, Set<TableName> unchecked,
      List<String> problems) {
    return steps(order, plans, database, needlessBreaks, unchecked, KeyRanges.NONE, problems,
        new ArrayList<>());
  }

  /**
   * As above; a table {@code ranges} splits becomes one step per key range, each waiting for
   * what the table waits for, and whatever waits for the table waits for all of them.
   */
  static List<CopyPlan.Step> steps(LoadOrder order, Map<TableName, TablePlan> plans,
      boolean database, Set<String> needlessBreaks, Set<TableName> unchecked, KeyRanges ranges,
      List<String> problems, List<String> notes) {
    Map<TableName, List<Integer>> stepOf = new HashMap<>();
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
        members.forEach(m -> stepOf.put(m.source(), List.of(id)));
        steps.add(new CopyPlan.Step(id, members, new HashSet<>()));
      } else {
        List<dev.ferry.rows.KeyRange> split = database ? ranges.split(plan, notes, problems)
            : List.of();
        List<Integer> ids = new ArrayList<>();
        for (TablePlan unit : split.isEmpty() ? List.of(plan)
            : split.stream().map(plan::withRange).toList()) {
          ids.add(steps.size());
          steps.add(new CopyPlan.Step(steps.size(), List.of(unit), new HashSet<>()));
        }
        stepOf.put(name, ids);
      }
    }
    for (Edge e : order.edges()) {
      List<Integer> children = stepOf.get(e.child());
      List<Integer> parents = stepOf.get(e.parent());
      if (children != null && parents != null && !children.equals(parents)
          && Edge.ORDERED.equals(e.treatment()) && !unchecked.contains(e.child())) {
        children.forEach(child -> steps.get(child).waitsFor().addAll(parents));
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
            child.keyColumns(), Set.of(), child.ownRowsOnly(), e.columns(), child.rowFilter());
        Set<Integer> waits = new HashSet<>();
        c.tables().forEach(t -> {
          if (stepOf.containsKey(t)) {
            waits.addAll(stepOf.get(t));
          }
        });
        steps.add(new CopyPlan.Step(steps.size(), List.of(fixup), waits));
      }
    }
    return steps;
  }
}
