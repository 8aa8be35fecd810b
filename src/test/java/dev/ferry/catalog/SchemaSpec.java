package dev.ferry.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random foreign-key graph in index form, small enough to shrink: tables {@code 0..tables-1},
 * some views, and edges child → parent where a negative parent is a table outside the catalog.
 *
 * @param tables how many tables (at least one)
 * @param views how many views, never referenced
 * @param edges the foreign keys
 * @param relaxations whether the target may relax foreign-key checks
 */
record SchemaSpec(int tables, int views, List<EdgeSpec> edges, boolean relaxations) {

  /**
   * One foreign key; {@code parent < 0} names an external table. A composite key has a second,
   * always nullable, column before the one {@code nullable} describes, so that a NOT NULL composite
   * key is one that is only partly nullable.
   */
  record EdgeSpec(int child, int parent, boolean nullable, boolean deferrable, boolean composite) {}

  SchemaSpec {
    edges = List.copyOf(edges);
  }

  /**
   * Mostly a DAG (parents have lower indexes, names do not follow indexes), plus injected rings of
   * 1..5 tables, a few arbitrary edges that may close long cycles, and a few external keys. Flag
   * probabilities vary per schema so that all-rigid and all-nullable graphs both turn up.
   */
  static SchemaSpec random(Random r) {
    int n = 1 + r.nextInt(60);
    double pNullable = new double[] {0.0, 0.25, 0.5}[r.nextInt(3)];
    double pDeferrable = new double[] {0.0, 0.25, 0.5}[r.nextInt(3)];
    List<EdgeSpec> edges = new ArrayList<>();
    int dag = r.nextInt(2 * n + 1);
    for (int i = 0; i < dag; i++) {
      int a = r.nextInt(n);
      int b = r.nextInt(n);
      if (a != b) {
        edges.add(edge(r, Math.max(a, b), Math.min(a, b), pNullable, pDeferrable));
      }
    }
    int rings = r.nextInt(5);
    for (int i = 0; i < rings; i++) {
      int[] ring = r.ints(1 + r.nextInt(5), 0, n).toArray();
      for (int k = 0; k < ring.length; k++) {
        edges.add(edge(r, ring[k], ring[(k + 1) % ring.length], pNullable, pDeferrable));
      }
    }
    int arbitrary = r.nextInt(4);
    for (int i = 0; i < arbitrary; i++) {
      edges.add(edge(r, r.nextInt(n), r.nextInt(n), pNullable, pDeferrable));
    }
    int external = r.nextInt(3);
    for (int i = 0; i < external; i++) {
      edges.add(edge(r, r.nextInt(n), -1 - r.nextInt(2), pNullable, pDeferrable));
    }
    return new SchemaSpec(n, r.nextInt(3), edges, r.nextBoolean());
  }

  private static EdgeSpec edge(Random r, int child, int parent, double pNull, double pDefer) {
    return new EdgeSpec(child, parent, r.nextDouble() < pNull, r.nextDouble() < pDefer,
        r.nextInt(5) == 0);
  }

  /** The catalog: table {@code i} is {@code audit.t<i>} when i % 3 == 0, else {@code app.t<i>}. */
  Catalog toCatalog() {
    Catalogs.Builder builder = Catalogs.builder();
    for (int i = 0; i < tables; i++) {
      builder.table(name(i));
    }
    for (int i = 0; i < views; i++) {
      builder.view("app.v" + i);
    }
    Map<Integer, Integer> perChild = new HashMap<>();
    for (EdgeSpec e : edges) {
      // Constraint names repeat across tables, as engines allow; ids stay unique per child.
      int k = perChild.merge(e.child(), 1, Integer::sum);
      String parent = e.parent() < 0 ? "ext.missing" + (-e.parent()) : name(e.parent());
      if (e.composite()) {
        builder.compositeFk(name(e.child()), "fk" + k, parent, e.deferrable(), true, e.nullable());
      } else {
        builder.fk(name(e.child()), "fk" + k, parent, e.nullable(), e.deferrable());
      }
    }
    return builder.build();
  }

  LoadTarget target() {
    return relaxations ? Catalogs.RELAXING : Catalogs.STRICT;
  }

  /** Candidates one step smaller, for shrinking: one edge fewer, or unused tables dropped. */
  List<SchemaSpec> smaller() {
    List<SchemaSpec> out = new ArrayList<>();
    for (int i = edges.size() - 1; i >= 0; i--) {
      List<EdgeSpec> fewer = new ArrayList<>(edges);
      fewer.remove(i);
      out.add(new SchemaSpec(tables, views, fewer, relaxations));
    }
    SchemaSpec compact = compacted();
    if (compact.tables < tables || compact.views < views) {
      out.add(compact);
    }
    return out;
  }

  private SchemaSpec compacted() {
    int[] renumber = new int[tables];
    int used = 0;
    for (int t = 0; t < tables; t++) {
      final int table = t;
      boolean touched = edges.stream().anyMatch(e -> e.child() == table || e.parent() == table);
      renumber[t] = touched ? used++ : -1;
    }
    if (used == 0) {
      return new SchemaSpec(1, 0, List.of(), relaxations);
    }
    List<EdgeSpec> moved = edges.stream().map(e -> new EdgeSpec(renumber[e.child()],
        e.parent() < 0 ? e.parent() : renumber[e.parent()], e.nullable(), e.deferrable(),
        e.composite()))
        .toList();
    return new SchemaSpec(used, 0, moved, relaxations);
  }

  static String name(int table) {
    return (table % 3 == 0 ? "audit" : "app") + ".t" + table;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    text.append(tables).append(" tables, ").append(views).append(" views, relaxations=")
        .append(relaxations).append(", foreign keys:");
    Map<Integer, Integer> perChild = new HashMap<>();
    for (EdgeSpec e : edges) {
      int k = perChild.merge(e.child(), 1, Integer::sum);
      text.append("\n  ").append(name(e.child())).append(".fk").append(k).append(" -> ")
          .append(e.parent() < 0 ? "ext.missing" + (-e.parent()) : name(e.parent()))
          .append(e.nullable() ? " nullable" : " not-null")
          .append(e.deferrable() ? " deferrable" : "")
          .append(e.composite() ? " composite (other column nullable)" : "");
    }
    return text.toString();
  }
}
