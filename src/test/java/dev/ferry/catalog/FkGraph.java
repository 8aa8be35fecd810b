package dev.ferry.catalog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The foreign-key graph of a catalog, rebuilt in the test without the planner's code, so that the
 * properties check the planner against a second, deliberately naive, implementation: components
 * come from plain reachability, acyclicity from repeatedly removing sources.
 */
final class FkGraph {

  /**
   * One foreign key of a non-view table.
   *
   * @param id {@code child.constraint}, as in {@link LoadOrder.Edge#id()}
   * @param child index of the declaring table
   * @param parent index of the referenced table, or -1 when it is not a table of the catalog
   */
  record Fk(String id, int child, int parent, boolean nullable, boolean deferrable) {
    boolean rigid() {
      return !nullable && !deferrable;
    }

    boolean selfReference() {
      return child == parent;
    }
  }

  final List<TableName> tables = new ArrayList<>();
  final Map<TableName, Integer> index = new HashMap<>();
  final List<Fk> fks = new ArrayList<>();
  private final BitSet[] reach;

  FkGraph(Catalog catalog) {
    for (Table t : catalog.tables()) {
      if (!Table.VIEW.equals(t.kind())) {
        index.put(t.name(), tables.size());
        tables.add(t.name());
      }
    }
    for (Table t : catalog.tables()) {
      if (Table.VIEW.equals(t.kind())) {
        continue;
      }
      for (ForeignKey fk : t.foreignKeys()) {
        boolean nullable = true;
        for (String column : fk.columns()) {
          nullable &= t.columns().stream().anyMatch(c -> c.name().equals(column) && c.nullable());
        }
        fks.add(new Fk(t.name().qualified() + "." + fk.name(), index.get(t.name()),
            index.getOrDefault(fk.parent(), -1), nullable, fk.deferrable()));
      }
    }
    List<List<Integer>> parents = new ArrayList<>();
    tables.forEach(t -> parents.add(new ArrayList<>()));
    fks.stream().filter(f -> f.parent() >= 0).forEach(f -> parents.get(f.child()).add(f.parent()));
    reach = new BitSet[tables.size()];
    for (int start = 0; start < tables.size(); start++) {
      reach[start] = reachableFrom(start, parents);
    }
  }

  /** True when a and b are distinct and lie on a common cycle. */
  boolean sameComponent(int a, int b) {
    return a != b && reach[a].get(b) && reach[b].get(a);
  }

  /** Every set of two or more tables that lie on a common cycle, each as a bit set. */
  List<BitSet> components() {
    List<BitSet> out = new ArrayList<>();
    BitSet seen = new BitSet();
    for (int a = 0; a < tables.size(); a++) {
      if (seen.get(a)) {
        continue;
      }
      BitSet members = new BitSet();
      for (int b = 0; b < tables.size(); b++) {
        if (sameComponent(a, b)) {
          members.set(b);
        }
      }
      if (!members.isEmpty()) {
        members.set(a);
        seen.or(members);
        out.add(members);
      }
    }
    return out;
  }

  /** The foreign keys with both ends in the component (self-references excluded). */
  List<Fk> inside(BitSet component) {
    return fks.stream()
        .filter(f -> f.parent() >= 0 && !f.selfReference())
        .filter(f -> component.get(f.child()) && component.get(f.parent()))
        .toList();
  }

  /** True when the edges, as a directed graph, have no cycle. */
  static boolean acyclic(Collection<Fk> edges) {
    List<Fk> left = new ArrayList<>(edges);
    boolean removed = true;
    while (!left.isEmpty() && removed) {
      BitSet isChild = new BitSet();
      left.forEach(f -> isChild.set(f.child()));
      // A table that is nobody's child in what is left can load now; drop the edges it parents.
      removed = left.removeIf(f -> !isChild.get(f.parent()));
    }
    return left.isEmpty();
  }

  private static BitSet reachableFrom(int start, List<List<Integer>> parents) {
    BitSet seen = new BitSet();
    Deque<Integer> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      for (int parent : parents.get(todo.pop())) {
        if (!seen.get(parent)) {
          seen.set(parent);
          todo.push(parent);
        }
      }
    }
    return seen;
  }
}
