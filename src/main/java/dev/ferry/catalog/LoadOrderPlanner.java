package dev.ferry.catalog;

import dev.ferry.catalog.LoadOrder.Cycle;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.LoadOrder.SelfCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plans the load order of a catalog: builds the foreign-key graph, finds cycles as strongly
 * connected components, gives each a break plan, orders the tables topologically (ties broken by
 * qualified name) and checks the result.
 *
 * <p>A cycle is broken with the least invasive means that works, tried in this order: nullable
 * foreign keys loaded as NULL and filled by UPDATE afterwards; deferrable constraints checked at
 * the commit of one transaction; checks relaxed for the loading session (then an orphan check is
 * mandatory). Within each means, an inclusion-minimal set of foreign keys is given up. A cycle that
 * none of them can break is refused with a message naming its tables and constraints.
 */
public final class LoadOrderPlanner {

  /**
   * Total over everything an edge shows: constraint names alone can tie (the catalog reader names
   * SQLite's unnamed keys after their columns), and a tie would let the catalog's list order
   * change the plan.
   */
  private static final Comparator<Draft> DRAFT_ORDER =
      Comparator.comparing((Draft d) -> d.childName)
          .thenComparing(d -> d.fk.name())
          .thenComparing(d -> d.parentName)
          .thenComparing(d -> d.fk.columns().toString())
          .thenComparing(d -> d.fk.parentColumns().toString())
          .thenComparing(d -> String.valueOf(d.fk.deferrability()));

  private LoadOrderPlanner() {}

  /** Plans the order in which to load the catalog's tables into the target. */
  public static LoadOrder plan(Catalog catalog, LoadTarget target) {
    List<Table> tables = catalog.tables().stream()
        .filter(t -> !Table.VIEW.equals(t.kind()))
        .sorted(Comparator.comparing(Table::name))
        .toList();
    Map<TableName, Integer> index = new HashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      index.put(tables.get(i).name(), i);
    }
    List<Draft> drafts = new ArrayList<>();
    for (int child = 0; child < tables.size(); child++) {
      Table table = tables.get(child);
      for (ForeignKey fk : table.foreignKeys()) {
        boolean nullable = fk.columns().stream()
            .allMatch(c -> table.column(c).map(Column::nullable).orElse(false));
        Integer parent = index.get(fk.parent());
        drafts.add(new Draft(child, parent == null ? -1 : parent, table.name(), fk, nullable));
      }
    }
    drafts.sort(DRAFT_ORDER);

    List<Cycle> cycles = new ArrayList<>();
    planCycles(tables.size(), drafts, target, cycles);
    for (Draft d : drafts) {
      if (d.treatment == null) {
        d.treatment = d.parent < 0 ? Edge.EXTERNAL : Edge.ORDERED;
      }
    }
    int[] order = topologicalOrder(tables.size(), drafts);
    List<TableName> names = Arrays.stream(order).mapToObj(i -> tables.get(i).name()).toList();
    List<Edge> edges = drafts.stream().map(d -> d.toEdge()).toList();
    boolean refused = cycles.stream().anyMatch(c -> Edge.REFUSED.equals(c.plan()));
    return new LoadOrder(LoadOrder.FORMAT_VERSION, catalog.fingerprint(), target,
        refused ? LoadOrder.REFUSED : LoadOrder.OK, names, edges, cycles, selfCheck(names, edges));
  }

  /** Checks every ordered edge against the order; exposed so tests can check any order. */
  public static SelfCheck selfCheck(List<TableName> order, List<Edge> edges) {
    Map<TableName, Integer> position = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      position.put(order.get(i), i);
    }
    int checked = 0;
    int exempt = 0;
    List<String> violations = new ArrayList<>();
    for (Edge e : edges) {
      if (!Edge.ORDERED.equals(e.treatment())) {
        exempt++;
        continue;
      }
      checked++;
      Integer p = position.get(e.parent());
      Integer c = position.get(e.child());
      if (p == null || c == null || p >= c) {
        violations.add(e.id() + ": parent " + e.parent() + " at " + p + ", child " + e.child()
            + " at " + c);
      }
    }
    return new SelfCheck(checked, exempt, violations, violations.isEmpty());
  }

  private static void planCycles(int n, List<Draft> drafts, LoadTarget target, List<Cycle> out) {
    int[][] successors = successors(n, drafts);
    List<int[]> components = StronglyConnected.components(n, successors);
    components.sort(Comparator.comparingInt(c -> c[0]));
    int[] componentOf = new int[n];
    for (int c = 0; c < components.size(); c++) {
      for (int node : components.get(c)) {
        componentOf[node] = c;
      }
    }
    Map<Integer, List<Draft>> internal = new HashMap<>();
    List<Draft> selfLoops = new ArrayList<>();
    for (Draft d : drafts) {
      if (d.parent < 0) {
        continue;
      }
      if (d.parent == d.child) {
        selfLoops.add(d);
      } else if (componentOf[d.parent] == componentOf[d.child]) {
        internal.computeIfAbsent(componentOf[d.child], k -> new ArrayList<>()).add(d);
      }
    }
    List<Cycle> planned = new ArrayList<>();
    for (Map.Entry<Integer, List<Draft>> entry : internal.entrySet()) {
      planned.add(planCycle(components.get(entry.getKey()), entry.getValue(), target));
    }
    for (Draft d : selfLoops) {
      planned.add(planSelfReference(d, target));
    }
    planned.sort(Comparator.comparing((Cycle c) -> c.tables().get(0))
        .thenComparing(c -> c.kind())
        .thenComparing(c -> c.constraints().get(0)));
    out.addAll(planned);
  }

  /**
   * A NOT NULL, non-deferrable self-reference cannot be trusted to load row by row (a row may
   * come before the row it references), so it needs checks relaxed like a cycle's rigid keys, and
   * is refused where the principal may not relax them.
   */
  private static Cycle planSelfReference(Draft d, LoadTarget target) {
    List<TableName> tables = List.of(d.childName);
    if (d.nullable || d.fk.deferrable()) {
      d.treatment = d.nullable ? Edge.NULL_THEN_UPDATE : Edge.DEFERRED;
      return new Cycle("self-reference", tables, List.of(d.id()), d.treatment,
          List.of(d.toEdge()), Edge.DEFERRED.equals(d.treatment), null, false, null);
    }
    if (target.relaxations().isEmpty()) {
      d.treatment = Edge.REFUSED;
      return new Cycle("self-reference", tables, List.of(d.id()), Edge.REFUSED, List.of(),
          false, null, false, "self-reference " + d.id() + " (" + String.join(", ",
              d.fk.columns()) + ") cannot be loaded: it is NOT NULL and not deferrable, so a row"
              + " may arrive before the row it references, and the " + target.engine()
              + " principal may not relax foreign-key checks. To unblock it: make the column"
              + " nullable, declare the constraint DEFERRABLE, or " + target.relaxationHint()
              + ".");
    }
    d.treatment = Edge.RELAXED;
    return new Cycle("self-reference", tables, List.of(d.id()), Edge.RELAXED,
        List.of(d.toEdge()), false, target.relaxations().get(0), true, null);
  }

  private static Cycle planCycle(int[] component, List<Draft> edges, LoadTarget target) {
    List<Draft> nullable = edges.stream().filter(d -> d.nullable).toList();
    List<Draft> deferrable = edges.stream().filter(d -> !d.nullable && d.fk.deferrable()).toList();
    List<Draft> rigid = edges.stream().filter(d -> !d.nullable && !d.fk.deferrable()).toList();
    List<TableName> tableNames = edges.stream().flatMap(d -> java.util.stream.Stream.of(
        d.childName, d.parentName)).distinct().sorted().toList();
    List<String> constraints = edges.stream().map(Draft::id).sorted().toList();

    List<List<Draft>> restoreOrder;
    if (acyclicWithout(component, edges, Set.copyOf(nullable))) {
      restoreOrder = List.of(nullable);
    } else if (acyclicWithout(component, edges, union(nullable, deferrable))) {
      restoreOrder = List.of(deferrable, nullable);
    } else if (!target.relaxations().isEmpty()) {
      restoreOrder = List.of(rigid, deferrable, nullable);
    } else {
      edges.forEach(d -> d.treatment = Edge.REFUSED);
      return new Cycle("cycle", tableNames, constraints, Edge.REFUSED, List.of(), false, null,
          false, refusal(component, rigid, target));
    }
    Set<Draft> broken = new java.util.LinkedHashSet<>();
    restoreOrder.forEach(broken::addAll);
    for (List<Draft> layer : restoreOrder) {
      for (Draft d : layer) {
        broken.remove(d);
        if (!acyclicWithout(component, edges, broken)) {
          broken.add(d);
        }
      }
    }
    for (Draft d : broken) {
      d.treatment = d.nullable ? Edge.NULL_THEN_UPDATE
          : d.fk.deferrable() ? Edge.DEFERRED : Edge.RELAXED;
    }
    boolean relaxed = broken.stream().anyMatch(d -> Edge.RELAXED.equals(d.treatment));
    boolean deferred = broken.stream().anyMatch(d -> Edge.DEFERRED.equals(d.treatment));
    String plan = relaxed ? Edge.RELAXED : deferred ? Edge.DEFERRED : Edge.NULL_THEN_UPDATE;
    List<Edge> breaks = broken.stream()
        .sorted(Comparator.comparing(Draft::id))
        .map(d -> d.toEdge())
        .toList();
    return new Cycle("cycle", tableNames, constraints, plan, breaks, deferred,
        relaxed ? target.relaxations().get(0) : null, relaxed, null);
  }

  private static String refusal(int[] component, List<Draft> rigid, LoadTarget target) {
    List<Draft> witness = findCycle(component, rigid);
    String path = witness.stream().map(d -> d.childName.qualified())
        .collect(Collectors.joining(" -> ")) + " -> " + witness.get(0).childName;
    String keys = witness.stream()
        .map(d -> d.id() + " (" + String.join(", ", d.fk.columns()) + ")")
        .collect(Collectors.joining(", "));
    return "cycle " + path + " cannot be loaded: its foreign keys " + keys
        + " are NOT NULL and not deferrable, and the " + target.engine()
        + " principal may not relax foreign-key checks. To unblock it: make one of these columns"
        + " nullable, declare one of these constraints DEFERRABLE, or "
        + target.relaxationHint() + ".";
  }

  /** A cycle among the given edges inside the component, as edges in path order. */
  private static List<Draft> findCycle(int[] component, List<Draft> edges) {
    Map<Integer, List<Draft>> out = new HashMap<>();
    for (Draft d : edges) {
      out.computeIfAbsent(d.child, k -> new ArrayList<>()).add(d);
    }
    for (int start : component) {
      List<Draft> path = new ArrayList<>();
      BitSet onPath = new BitSet();
      BitSet done = new BitSet();
      List<Draft> found = dfsCycle(start, out, path, onPath, done);
      if (found != null) {
        return found;
      }
    }
    throw new IllegalStateException("a refused component has a cycle of rigid edges");
  }

  private static List<Draft> dfsCycle(int v, Map<Integer, List<Draft>> out, List<Draft> path,
      BitSet onPath, BitSet done) {
    onPath.set(v);
    for (Draft d : out.getOrDefault(v, List.of())) {
      if (onPath.get(d.parent)) {
        List<Draft> cycle = new ArrayList<>(path);
        cycle.add(d);
        int from = 0;
        while (cycle.get(from).child != d.parent) {
          from++;
        }
        return cycle.subList(from, cycle.size());
      }
      if (!done.get(d.parent)) {
        path.add(d);
        List<Draft> found = dfsCycle(d.parent, out, path, onPath, done);
        if (found != null) {
          return found;
        }
        path.remove(path.size() - 1);
      }
    }
    onPath.clear(v);
    done.set(v);
    return null;
  }

  private static boolean acyclicWithout(int[] component, List<Draft> edges, Set<Draft> broken) {
    Map<Integer, Integer> local = new HashMap<>();
    for (int i = 0; i < component.length; i++) {
      local.put(component[i], i);
    }
    int[] inDegree = new int[component.length];
    List<List<Integer>> parentToChildren = new ArrayList<>();
    for (int i = 0; i < component.length; i++) {
      parentToChildren.add(new ArrayList<>());
    }
    for (Draft d : edges) {
      if (!broken.contains(d)) {
        parentToChildren.get(local.get(d.parent)).add(local.get(d.child));
        inDegree[local.get(d.child)]++;
      }
    }
    int[] queue = new int[component.length];
    int head = 0;
    int tail = 0;
    for (int i = 0; i < component.length; i++) {
      if (inDegree[i] == 0) {
        queue[tail++] = i;
      }
    }
    while (head < tail) {
      for (int child : parentToChildren.get(queue[head++])) {
        if (--inDegree[child] == 0) {
          queue[tail++] = child;
        }
      }
    }
    return tail == component.length;
  }

  /** Kahn's algorithm over the ordered edges; the smallest ready name goes first. */
  private static int[] topologicalOrder(int n, List<Draft> drafts) {
    int[] inDegree = new int[n];
    List<List<Integer>> children = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      children.add(new ArrayList<>());
    }
    for (Draft d : drafts) {
      if (Edge.ORDERED.equals(d.treatment)) {
        children.get(d.parent).add(d.child);
        inDegree[d.child]++;
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < n; i++) {
      if (inDegree[i] == 0) {
        ready.add(i);
      }
    }
    int[] order = new int[n];
    int next = 0;
    while (!ready.isEmpty()) {
      int v = ready.poll();
      order[next++] = v;
      for (int child : children.get(v)) {
        if (--inDegree[child] == 0) {
          ready.add(child);
        }
      }
    }
    if (next != n) {
      throw new IllegalStateException("ordered edges still contain a cycle: planner bug");
    }
    return order;
  }

  private static int[][] successors(int n, List<Draft> drafts) {
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    for (Draft d : drafts) {
      if (d.parent >= 0 && d.parent != d.child) {
        out.get(d.child).add(d.parent);
      }
    }
    int[][] result = new int[n][];
    for (int i = 0; i < n; i++) {
      result[i] = out.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    return result;
  }

  private static Set<Draft> union(List<Draft> a, List<Draft> b) {
    Set<Draft> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** One foreign key while it is being planned; identity-based equality on purpose. */
  private static final class Draft {
    final int child;
    final int parent;
    final TableName childName;
    final TableName parentName;
    final ForeignKey fk;
    final boolean nullable;
    String treatment;

    Draft(int child, int parent, TableName childName, ForeignKey fk, boolean nullable) {
      this.child = child;
      this.parent = parent;
      this.childName = childName;
      this.parentName = fk.parent();
      this.fk = fk;
      this.nullable = nullable;
    }

    String id() {
      return childName.qualified() + "." + fk.name();
    }

    Edge toEdge() {
      return new Edge(childName, parentName, fk.name(), fk.columns(), nullable, fk.deferrable(),
          treatment);
    }
  }
}
