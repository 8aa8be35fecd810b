package dev.ferry.script;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The foreign keys of tables that load in one transaction (a NOT NULL cycle, or a NOT NULL
 * self-reference) whose checks the script must relax, and the statements that relax them before
 * the rows and make them real again after the rows, before the commit ({@link
 * ScriptDialect.Relaxation}): PostgreSQL drops the key and adds it again, which checks every row;
 * SQL Server disables it and checks it again WITH CHECK; MySQL switches the session's checks off
 * and on, and a query per key of the tables proves that every reference resolves, failing the
 * script (and so its transaction) when one does not.
 */
final class RelaxedKeys {

  /** A statement and the comment line before it, or null. */
  record Step(String comment, String sql) {}

  private static final Set<String> RELAXED = Set.of(Edge.RELAXED, Edge.ROWS_PARENT_FIRST);

  private final List<Step> before = new ArrayList<>();
  private final List<Step> after = new ArrayList<>();
  private final List<Edge> relaxed;
  private final boolean deferred;

  private RelaxedKeys(List<Edge> relaxed, boolean deferred) {
    this.relaxed = relaxed;
    this.deferred = deferred;
  }

  /** The keys of these tables that load relaxed or deferred, and their statements. */
  static RelaxedKeys of(ScriptDialect dialect, TableNaming naming, Catalog catalog,
      LoadOrder order, Collection<TableName> tables) {
    List<Edge> relaxed = order.edges().stream()
        .filter(e -> tables.contains(e.child()) && RELAXED.contains(e.treatment())).toList();
    boolean deferred = order.edges().stream()
        .anyMatch(e -> tables.contains(e.child()) && Edge.DEFERRED.equals(e.treatment()));
    RelaxedKeys keys = new RelaxedKeys(relaxed, deferred);
    if (relaxed.isEmpty()) {
      return keys;
    }
    ScriptDialect.Relaxation r = dialect.relaxation();
    SqlLiterals q = dialect.literals();
    if (r.checksOff() != null) {
      keys.before.add(new Step(null, r.checksOff()));
    }
    for (Edge e : relaxed) {
      ForeignKey fk = foreignKey(catalog, e);
      String child = naming.quoted(e.child());
      if (r.relaxKey() != null) {
        keys.before.add(new Step(null, String.format(r.relaxKey(), child,
            q.identifier(fk.name()))));
      }
      if (r.restoreKey() != null) {
        keys.after.add(new Step(null, String.format(r.restoreKey(), child,
            q.identifier(fk.name()), columns(q, fk.columns()), naming.quoted(fk.parent()),
            columns(q, fk.parentColumns()), rules(fk))));
      }
    }
    if (r.checksOn() != null) {
      keys.after.add(new Step(null, r.checksOn()));
      // with the session's checks off no key of these tables was checked: prove every one
      for (TableName t : tables) {
        Table table = catalog.table(t).orElseThrow();
        for (ForeignKey fk : table.foreignKeys()) {
          keys.after.add(new Step("proof of " + t.qualified() + "." + fk.name() + ": fails"
              + " (a subquery returns more than 1 row) when a row references no "
              + fk.parent().qualified(), proof(q, naming, t, fk)));
        }
      }
    }
    return keys;
  }

  /** Whether any key is relaxed. */
  boolean any() {
    return !relaxed.isEmpty();
  }

  /** Whether a key of the tables is checked at the commit (SET CONSTRAINTS ALL DEFERRED). */
  boolean deferred() {
    return deferred;
  }

  /** The relaxed keys, {@code child.constraint}. */
  List<String> names() {
    return relaxed.stream().map(Edge::id).toList();
  }

  /** Statements after the transaction begins, before the rows. */
  List<Step> before() {
    return before;
  }

  /** Statements after the rows, before the commit. */
  List<Step> after() {
    return after;
  }

  /**
   * A query that returns one row and fails when a row of the child has a reference (all its
   * columns set) to no row of the parent: the subquery then returns two rows or more, which a
   * scalar subquery must not. Plain SQL: no procedure, no client feature.
   */
  private static String proof(SqlLiterals q, TableNaming naming, TableName child, ForeignKey fk) {
    StringBuilder orphan = new StringBuilder("SELECT 1 FROM ").append(naming.quoted(child))
        .append(" c WHERE ");
    for (String column : fk.columns()) {
      orphan.append("c.").append(q.identifier(column)).append(" IS NOT NULL AND ");
    }
    orphan.append("NOT EXISTS (SELECT 1 FROM ").append(naming.quoted(fk.parent()))
        .append(" p WHERE ");
    for (int i = 0; i < fk.columns().size(); i++) {
      orphan.append(i == 0 ? "" : " AND ").append("p.").append(q.identifier(
          fk.parentColumns().get(i))).append(" = c.").append(q.identifier(fk.columns().get(i)));
    }
    orphan.append(')');
    return "SELECT (" + orphan + " UNION ALL " + orphan + ") AS " + q.identifier("orphans");
  }

  private static ForeignKey foreignKey(Catalog catalog, Edge e) {
    return catalog.table(e.child()).orElseThrow().foreignKeys().stream()
        .filter(fk -> fk.name().equals(e.constraint())).findFirst().orElseThrow(
            () -> new IllegalStateException("no foreign key " + e.id() + " in the catalog"));
  }

  private static String columns(SqlLiterals q, List<String> names) {
    return String.join(", ", names.stream().map(q::identifier).toList());
  }

  /** The key's rules as the source has them, so that the key comes back as it was. */
  private static String rules(ForeignKey fk) {
    StringBuilder out = new StringBuilder();
    if (fk.onDelete() != null && !"NO ACTION".equals(fk.onDelete())) {
      out.append(" ON DELETE ").append(fk.onDelete());
    }
    if (fk.onUpdate() != null && !"NO ACTION".equals(fk.onUpdate())) {
      out.append(" ON UPDATE ").append(fk.onUpdate());
    }
    if ("initially-immediate".equals(fk.deferrability())) {
      out.append(" DEFERRABLE INITIALLY IMMEDIATE");
    } else if ("initially-deferred".equals(fk.deferrability())) {
      out.append(" DEFERRABLE INITIALLY DEFERRED");
    }
    return out.toString();
  }
}
