package dev.ferry.copy;

import dev.ferry.api.CopyOptions;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.copy.PlanStage.Planned;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.TablePlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The child tables of a copy under {@code children: replace} (docs/merge.md, "Child tables"):
 * per table, the foreign key that names its parent, resolved against the target's catalog.
 */
final class ChildrenPlan {

  static final ChildrenPlan NONE = new ChildrenPlan(Map.of(), List.of());

  /**
   * A child table whose target rows of the incoming parents the source lacks are deleted.
   *
   * @param child the child's load
   * @param parent the parent's load
   * @param foreignKey positions in the child's columns of the foreign key's columns
   * @param parentKey positions in the parent's columns of the columns they reference, in the
   *     same order
   */
  record Child(TablePlan child, TablePlan parent, int[] foreignKey, int[] parentKey) {}

  private final Map<String, Child> children;
  private final List<String> problems;

  private ChildrenPlan(Map<String, Child> children, List<String> problems) {
    this.children = Map.copyOf(children);
    this.problems = List.copyOf(problems);
  }

  /** The unit's child plan; null when no rows of it are deleted. */
  Child of(String unit) {
    return children.get(unit);
  }

  boolean isEmpty() {
    return children.isEmpty();
  }

  /** Why the plan cannot delete as asked, for preflight (exit 4, before the first write). */
  List<String> problems() {
    return problems;
  }

  /**
   * The child tables of a copy into a database.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} with the {@code ferry.yaml} line for
   *     {@code children: replace} on a table without a key, without a foreign key to a table
   *     the copy carries, with several such keys and no {@code parent:}, or a {@code parent:}
   *     that names none of them
   */
  static ChildrenPlan of(CopyOptions options, Planned planned) {
    List<CopyPlan.Step> steps = planned.plan().steps();
    Map<TableName, TablePlan> carried = new HashMap<>();
    steps.stream().flatMap(s -> s.tables().stream()).filter(t -> !t.isFixup())
        .forEach(t -> carried.put(t.target(), t));
    Map<String, Child> children = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (CopyOptions.TableMerge entry : options.tableMerges()) {
      dev.ferry.api.Children setting = entry.children();
      if (setting == null || !setting.replace()) {
        continue;
      }
      for (TablePlan t : carried.values()) {
        if (!MergePlan.names(entry.table(), t.source())) {
          continue;
        }
        Child child = child(setting, entry.table(), t, planned, carried);
        children.put(t.unit(), child);
        problems.addAll(problems(child, planned, steps));
      }
    }
    return new ChildrenPlan(children, problems);
  }

  private static Child child(dev.ferry.api.Children setting, String name, TablePlan t,
      Planned planned, Map<TableName, TablePlan> carried) {
    if (!t.keyed()) {
      throw new FerryException(ErrorCode.CONFIGURATION, setting.where() + ": tables: " + name
          + ".children: replace: " + t.target() + " has no primary or non-null unique key, so"
          + " there is no way to tell which of its target rows the source has; give it a key,"
          + " or remove children:.");
    }
    Table target = planned.target().table(t.target()).orElseThrow();
    List<ForeignKey> fks = target.foreignKeys().stream()
        .filter(fk -> carried.containsKey(fk.parent()) && !fk.parent().equals(t.target()))
        .toList();
    if (setting.parent() != null) {
      List<String> wanted = Arrays.stream(setting.parent().split(",")).map(String::strip)
          .map(s -> s.toLowerCase(Locale.ROOT)).toList();
      List<ForeignKey> chosen = fks.stream().filter(fk -> MergePlan.names(setting.parent(),
          fk.parent()) || fk.columns().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList()
              .equals(wanted)).toList();
      if (chosen.isEmpty()) {
        throw new FerryException(ErrorCode.CONFIGURATION, setting.parentWhere() + ": tables: "
            + name + ".parent: '" + setting.parent() + "' names no foreign key of " + t.target()
            + " to a table this copy carries; " + (fks.isEmpty() ? "it has none"
                : "its foreign keys: " + describe(fks)) + ". Name the parent table or the"
            + " foreign key's columns.");
      }
      fks = chosen;
    }
    if (fks.isEmpty()) {
      throw new FerryException(ErrorCode.CONFIGURATION, setting.where() + ": tables: " + name
          + ".children: replace: " + t.target() + " has no foreign key to a table this copy"
          + " carries, so it has no incoming parents whose children the snapshot replaces;"
          + " include the parent table, or remove children:.");
    }
    if (fks.size() > 1) {
      throw new FerryException(ErrorCode.CONFIGURATION, (setting.parentWhere() != null
          ? setting.parentWhere() : setting.where()) + ": tables: " + name + ".children: "
          + t.target() + " has several foreign keys to tables this copy carries: "
          + describe(fks) + "; say which names the parent, e.g. parent: "
          + fks.get(0).parent().name() + " or parent: [" + String.join(", ",
              fks.get(0).columns()) + "].");
    }
    ForeignKey fk = fks.get(0);
    TablePlan parent = carried.get(fk.parent());
    int[] own = new int[fk.columns().size()];
    int[] theirs = new int[own.length];
    for (int i = 0; i < own.length; i++) {
      own[i] = position(t, fk.columns().get(i));
      theirs[i] = position(parent, fk.parentColumns().get(i));
    }
    return new Child(t, parent, own, theirs);
  }

  /**
   * Refusals that need the whole plan: references to the child, groups. Key policies are not
   * refused: the sweep takes the parents' and the child's target keys from the id map.
   */
  private static List<String> problems(Child child, Planned planned,
      List<CopyPlan.Step> steps) {
    List<String> problems = new ArrayList<>();
    TablePlan t = child.child();
    if (Arrays.stream(child.foreignKey()).anyMatch(p -> p < 0)
        || Arrays.stream(child.parentKey()).anyMatch(p -> p < 0)) {
      problems.add("children: replace for " + t.target() + ": the copy does not carry every"
          + " column of its foreign key to " + child.parent().target() + "; carry them, or"
          + " remove children:.");
    }
    List<String> referencing = planned.target().tables().stream()
        .flatMap(other -> other.foreignKeys().stream()
            .filter(fk -> fk.parent().equals(t.target()))
            .map(fk -> other.name() + " (" + String.join(", ", fk.columns()) + ")"))
        .sorted().toList();
    if (!referencing.isEmpty()) {
      problems.add("children: replace for " + t.target() + ": target rows it would delete may"
          + " be referenced by " + String.join(", ", referencing) + ", whose rows would be left"
          + " dangling or deleted without a trace (ferry deletes one level, never down a"
          + " tree); remove children: replace, or drop those references.");
    }
    if (steps.stream().anyMatch(s -> s.isGroup() && s.tables().contains(t))) {
      problems.add("children: replace for " + t.target() + ": the table is loaded in one"
          + " transaction with others (a cycle of deferred foreign keys), which children:"
          + " replace does not support yet; remove children:.");
    }
    return problems;
  }

  private static int position(TablePlan t, String targetColumn) {
    for (int i = 0; i < t.columns().size(); i++) {
      if (t.columns().get(i).targetName().equalsIgnoreCase(targetColumn)) {
        return i;
      }
    }
    return -1;
  }

  private static String describe(List<ForeignKey> fks) {
    return fks.stream().map(fk -> "(" + String.join(", ", fk.columns()) + ") -> "
        + fk.parent()).collect(Collectors.joining(", "));
  }
}
