package dev.ferry.catalog;

import java.util.List;

/**
 * The order in which to load a catalog's tables, with the proof that it is right. Written as
 * {@code load-order.json} (see docs/artifacts.md).
 *
 * @param formatVersion version of this JSON shape
 * @param catalogFingerprint the fingerprint of the catalog this order was planned for
 * @param target the engine loaded into and the check relaxations its principal may use
 * @param status {@code ok}, or {@code refused} when some cycle cannot be loaded
 * @param order every table (views excepted), parents before children
 * @param edges every foreign key as an edge child → parent, with how the plan treats it
 * @param cycles every cycle and self-reference, with its break plan or refusal
 * @param selfCheck the check that every ordered edge has its parent earlier than its child
 */
public record LoadOrder(
    int formatVersion,
    String catalogFingerprint,
    LoadTarget target,
    String status,
    List<TableName> order,
    List<Edge> edges,
    List<Cycle> cycles,
    SelfCheck selfCheck) {

  public static final int FORMAT_VERSION = 1;
  public static final String OK = "ok";
  public static final String REFUSED = "refused";

  public LoadOrder {
    order = List.copyOf(order);
    edges = List.copyOf(edges);
    cycles = List.copyOf(cycles);
  }

  /** True when every cycle has a plan and the self-check passed. */
  public boolean loadable() {
    return OK.equals(status) && selfCheck.passed();
  }

  /**
   * How the plan treats one foreign key.
   *
   * @param child the table declaring the foreign key
   * @param parent the referenced table
   * @param constraint the constraint's name
   * @param columns the child's columns
   * @param nullable true when every one of those columns accepts NULL
   * @param deferrable true when the constraint can be checked at commit
   * @param treatment {@code ordered} (parent loads first), {@code external} (parent is not in this
   *     catalog and must already exist in the target), {@code null-then-update}, {@code deferred},
   *     {@code relaxed-checks} (NOT NULL self-references included) or {@code refused}
   */
  public record Edge(
      TableName child,
      TableName parent,
      String constraint,
      List<String> columns,
      boolean nullable,
      boolean deferrable,
      String treatment) {

    public static final String ORDERED = "ordered";
    public static final String EXTERNAL = "external";
    public static final String NULL_THEN_UPDATE = "null-then-update";
    public static final String DEFERRED = "deferred";
    public static final String RELAXED = "relaxed-checks";
    /**
     * No longer planned (a NOT NULL self-reference is {@link #RELAXED} or {@link #REFUSED}): ferry
     * never ordered a table's rows parent first. Kept so that older artifacts still read.
     */
    public static final String ROWS_PARENT_FIRST = "rows-parent-first";
    public static final String REFUSED = "refused";

    public Edge {
      columns = List.copyOf(columns);
    }

    /** {@code child.constraint}: unique within a catalog. */
    public String id() {
      return child.qualified() + "." + constraint;
    }
  }

  /**
   * A strongly connected set of tables (or one self-referencing table) and how it is loaded.
   *
   * @param kind {@code cycle} or {@code self-reference}
   * @param tables the tables in the cycle, sorted
   * @param constraints every foreign key inside it ({@code child.constraint}), sorted
   * @param plan the strongest treatment used: {@code null-then-update}, {@code deferred}, {@code
   *     relaxed-checks}, or {@code refused}
   * @param breaks the foreign keys whose ordering is given up, and how each is honoured instead
   * @param oneTransaction true when the cycle's tables must load in one transaction (deferred)
   * @param relaxation how checks are relaxed, when the plan is {@code relaxed-checks}
   * @param orphanCheckRequired true when an orphan check must run after the load
   * @param message for a refusal: what blocks it and what would unblock it
   */
  public record Cycle(
      String kind,
      List<TableName> tables,
      List<String> constraints,
      String plan,
      List<Edge> breaks,
      boolean oneTransaction,
      CheckRelaxation relaxation,
      boolean orphanCheckRequired,
      String message) {

    public Cycle {
      tables = List.copyOf(tables);
      constraints = List.copyOf(constraints);
      breaks = List.copyOf(breaks);
    }
  }

  /**
   * The order's proof, computed from the order itself.
   *
   * @param edgesChecked edges treated as {@code ordered}, each checked
   * @param edgesExempt edges honoured another way (external, broken, deferred, relaxed, refused)
   * @param violations every ordered edge whose parent is not earlier than its child
   * @param passed true when there are no violations
   */
  public record SelfCheck(int edgesChecked, int edgesExempt, List<String> violations,
      boolean passed) {
    public SelfCheck {
      violations = List.copyOf(violations);
    }
  }
}
