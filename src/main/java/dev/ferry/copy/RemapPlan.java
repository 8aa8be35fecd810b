package dev.ferry.copy;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.KeyPolicy;
import dev.ferry.api.MergeMode;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.TablePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables a copy loads under {@code keys: remap} (docs/merge.md, "Key policies"), and every
 * column of the plan's units that references one of them and is rewritten through the id map.
 */
final class RemapPlan {

  /** Nothing remapped. */
  static final RemapPlan NONE = new RemapPlan(Map.of(), Map.of(), List.of());

  /**
   * A remapped table.
   *
   * @param load its load
   * @param keyPosition the position of its one key column in the load's rows
   * @param generator how the target gives it keys; null when it cannot (a problem)
   * @param merge how a row already mapped is merged into its target row
   * @param natural under {@code keys: match}, the natural key rows are paired by; null under
   *     {@code remap}
   */
  record Remapped(TablePlan load, int keyPosition, KeyGenerator generator, MergeRows merge,
      NaturalKeys natural) {
    /** The table's name in the id map. */
    String mapName() {
      return load.source().qualified();
    }
  }

  /** A column of a unit's rows that holds a remapped table's source key. */
  record Reference(int position, Remapped parent) {}

  private final Map<TableName, Remapped> remapped;
  private final Map<String, List<Reference>> references;
  private final List<String> problems;

  private RemapPlan(Map<TableName, Remapped> remapped, Map<String, List<Reference>> references,
      List<String> problems) {
    this.remapped = remapped;
    this.references = references;
    this.problems = problems;
  }

  /**
   * The remaps of a copy into a database (entries naming no table are refused by MergePlan).
   *
   * @param merged the merges of units given a merge mode, which a remapped unit's rows meet
   *     (others meet {@code fail})
   */
  static RemapPlan of(CopyOptions options, PlanStage.Planned planned,
      Map<String, MergeRows> merged) {
    List<TablePlan> all = planned.plan().steps().stream().flatMap(s -> s.tables().stream())
        .toList();
    List<String> problems = new ArrayList<>();
    Map<TableName, Remapped> remapped = new LinkedHashMap<>();
    for (TablePlan t : all) {
      KeyPolicy policy = policy(options, t.source());
      if (t.isFixup() || policy == KeyPolicy.PRESERVE) {
        continue;
      }
      Table target = planned.target().table(t.target()).orElseThrow();
      if (t.keyColumns().size() != 1) {
        problems.add("keys " + policy.label() + " for " + t.target() + ": " + (t.keyed()
            ? "its key " + t.keyColumns() + " has several columns, which no target generates"
            : "it has no primary or non-null unique key") + "; copy it with keys: preserve.");
        continue;
      }
      int position = t.indexOf(t.keyColumns().get(0));
      String column = t.columns().get(position).targetName();
      KeyGenerator generator = KeyGenerator.of(planned.targetDialect(), t.target(),
          target.column(column).orElseThrow(), target.primaryKey() != null
              && target.primaryKey().columns().size() == 1);
      if (generator == null) {
        problems.add("keys " + policy.label() + " for " + t.target() + ": the target cannot"
            + " generate its key " + column + " (no identity, auto-increment or sequence default, and not a UUID);"
            + " give the column one, or copy the table with keys: preserve.");
        continue;
      }
      MergeRows merge = merged.get(t.unit());
      NaturalKeys natural = policy == KeyPolicy.MATCH
          ? MatchPlan.naturalKeys(options, planned, t, position, problems) : null;
      remapped.put(t.source(), new Remapped(t, position, generator, merge != null ? merge
          : new MergeRows(t, planned.source().table(t.source()).orElse(null),
              planned.source().engine(), target, planned.target().engine(),
              planned.targetDialect(), MergeMode.FAIL, -1), natural));
    }
    Map<String, List<Reference>> references = new HashMap<>();
    SoftReferences.add(options, planned, all, remapped, references, problems);
    if (remapped.isEmpty()) {
      return new RemapPlan(Map.of(), Map.of(), problems);
    }
    // the target's tables that reference a remapped table and are not loaded keep their rows,
    // but a copy of theirs would need the map: the whole family moves together
    Set<TableName> carried = new java.util.HashSet<>(all.stream().map(TablePlan::target).toList());
    Map<TableName, Remapped> byTarget = new HashMap<>();
    remapped.values().forEach(r -> byTarget.put(r.load().target(), r));
    for (Table other : planned.target().tables()) {
      for (ForeignKey fk : other.foreignKeys()) {
        Remapped parent = byTarget.get(fk.parent());
        if (parent != null && !carried.contains(other.name())) {
          problems.add("keys remap for " + parent.load().target() + ": " + other.name()
              + " references it (" + fk.name() + ") but this copy does not carry it, so its"
              + " references could not be rewritten to the new keys; include it, or copy "
              + parent.load().source().name() + " with keys: preserve.");
        }
      }
    }
    for (Table source : planned.source().tables()) {
      for (ForeignKey fk : source.foreignKeys()) {
        Remapped parent = remapped.get(fk.parent());
        if (parent == null) {
          continue;
        }
        if (fk.columns().size() != 1 || !fk.parentColumns().equals(parent.load().keyColumns())) {
          problems.add("keys remap for " + parent.load().target() + ": " + source.name() + " "
              + fk.columns() + " references its columns " + fk.parentColumns() + ", not its"
              + " one key column; copy it with keys: preserve.");
          continue;
        }
        for (TablePlan t : all) {
          int position = t.indexOf(fk.columns().get(0));
          // a column a cycle loads as NULL first is written by the fix-up, not the load
          if (t.source().equals(source.name()) && position >= 0
              && !t.nulledColumns().contains(fk.columns().get(0))) {
            references.computeIfAbsent(t.unit(), u -> new ArrayList<>())
                .add(new Reference(position, parent));
          }
        }
      }
    }
    for (CopyPlan.Step step : planned.plan().steps()) {
      if (step.isGroup() && step.tables().stream().anyMatch(t -> remapped.containsKey(t.source())
          || references.containsKey(t.unit()))) {
        problems.add("keys remap: " + step.name() + " are loaded together in one transaction"
            + " with deferred foreign keys, whose rows may reference rows not yet given a key;"
            + " copy them with keys: preserve.");
      }
    }
    problems.addAll(waitingInCircle(planned.plan(), references));
    return new RemapPlan(remapped, references, problems);
  }

  /**
   * Loads that would each wait for another's new keys, round in a circle: tables referencing
   * each other whose columns the plan loads as they are (foreign-key checks off), not as NULL
   * first and set by a fix-up. Refused in preflight rather than left for no step to start.
   */
  private static List<String> waitingInCircle(CopyPlan plan,
      Map<String, List<Reference>> references) {
    Map<String, Integer> stepOf = new HashMap<>();
    Map<Integer, CopyPlan.Step> steps = new HashMap<>();
    plan.steps().forEach(s -> {
      steps.put(s.id(), s);
      s.tables().forEach(t -> stepOf.put(t.unit(), s.id()));
    });
    Map<Integer, Set<Integer>> waits = new HashMap<>();
    for (CopyPlan.Step s : plan.steps()) {
      Set<Integer> w = new java.util.HashSet<>(s.waitsFor());
      s.tables().forEach(t -> references.getOrDefault(t.unit(), List.of())
          .forEach(r -> w.add(stepOf.get(r.parent().load().unit()))));
      w.remove(s.id());
      waits.put(s.id(), w);
    }
    // a step is in a circle when it can reach itself
    Set<String> circled = new TreeSet<>();
    for (CopyPlan.Step s : plan.steps()) {
      java.util.Deque<Integer> todo = new java.util.ArrayDeque<>(waits.get(s.id()));
      Set<Integer> seen = new java.util.HashSet<>();
      while (!todo.isEmpty()) {
        int next = todo.pop();
        if (next == s.id()) {
          s.tables().forEach(t -> circled.add(t.target().toString()));
          break;
        }
        if (seen.add(next)) {
          todo.addAll(waits.getOrDefault(next, Set.of()));
        }
      }
    }
    if (circled.isEmpty()) {
      return List.of();
    }
    return List.of("keys remap: " + String.join(", ", circled) + " reference each other and"
        + " this copy loads them with foreign-key checks off and their references as they are,"
        + " so none of them can wait for the others' new keys. Copy as a principal whose"
        + " foreign-key checks ferry does not switch off (on PostgreSQL a non-superuser owner of"
        + " the tables: one reference is then loaded as NULL first and set afterwards, through"
        + " the id map), or copy one of them with keys: preserve.");
  }

  /**
   * The plan with every step that writes references to a remapped table waiting for that
   * table's load, which gives the keys (a plain copy may load a child beside its parent when it
   * checks the keys afterwards). The fingerprint stays: the order of steps is not the plan.
   */
  PlanStage.Planned ordered(PlanStage.Planned planned) {
    if (remapped.isEmpty()) {
      return planned;
    }
    CopyPlan plan = planned.plan();
    Map<String, Integer> stepOf = new HashMap<>();
    plan.steps().forEach(s -> s.tables().forEach(t -> stepOf.put(t.unit(), s.id())));
    List<CopyPlan.Step> steps = new ArrayList<>();
    for (CopyPlan.Step step : plan.steps()) {
      Set<Integer> waits = new java.util.HashSet<>(step.waitsFor());
      for (TablePlan t : step.tables()) {
        references(t).forEach(r -> waits.add(stepOf.get(r.parent().load().unit())));
      }
      waits.remove(step.id());
      steps.add(new CopyPlan.Step(step.id(), step.tables(), waits));
    }
    return new PlanStage.Planned(planned.source(), planned.target(), planned.targetDialect(),
        new CopyPlan(plan.loadOrder(), steps, plan.sessionStatements(), plan.overrideIdentity(),
            plan.identityResets(), plan.orphanChecks(), plan.setAside(), plan.problems(),
            plan.notes(), plan.fingerprint()));
  }

  /** A table's key policy: its {@code tables:} entry's, else {@code --keys}, else preserve. */
  static KeyPolicy policy(CopyOptions options, TableName table) {
    KeyPolicy policy = options.keys() == null ? KeyPolicy.PRESERVE : options.keys();
    for (CopyOptions.TableMerge entry : options.tableMerges()) {
      String subject = entry.table().contains(".") ? table.qualified() : table.name();
      if (entry.keys() != null && subject.toLowerCase(Locale.ROOT)
          .equals(entry.table().toLowerCase(Locale.ROOT))) {
        policy = entry.keys();
      }
    }
    return policy;
  }

  /** The tables under {@code keys: match}: their natural keys, for preflight. */
  List<NaturalKeys> naturalKeys() {
    return remapped.values().stream().map(Remapped::natural).filter(n -> n != null).toList();
  }

  /** Why the remaps cannot run, for preflight. */
  List<String> problems() {
    return problems;
  }

  boolean isEmpty() {
    return remapped.isEmpty();
  }

  /** The loads of remapped tables: their target rows have other keys than the source's. */
  Set<String> remappedUnits() {
    Set<String> units = new TreeSet<>();
    remapped.values().forEach(r -> units.add(r.load().unit()));
    return units;
  }

  /** The units whose rows are written through the id map (remapped, or referencing one). */
  Set<String> units() {
    Set<String> units = new TreeSet<>(references.keySet());
    remapped.values().forEach(r -> units.add(r.load().unit()));
    return units;
  }

  /** The remapped table a unit loads (for a fix-up, the table it updates); null if none. */
  Remapped remapped(TablePlan t) {
    return remapped.get(t.source());
  }

  /** The columns of a unit that reference remapped tables. */
  List<Reference> references(TablePlan t) {
    return references.getOrDefault(t.unit(), List.of());
  }

  /** Whether a unit writes through the id map. */
  boolean touches(TablePlan t) {
    return remapped.containsKey(t.source()) || references.containsKey(t.unit());
  }
}
