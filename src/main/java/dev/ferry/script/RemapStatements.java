package dev.ferry.script;

import dev.ferry.identity.Keys;
import dev.ferry.rows.ValueKind;

/**
 * The statements of one remap batch, guarded so that a batch applies at most once, only after its
 * predecessor, never on a column another script of the same direction has started, and (for the
 * inverse) only once the forward script finished the column. Every guard condition is a scalar
 * subquery on the guard table, so one plain UPDATE and one INSERT ... SELECT suffice in every
 * dialect: no procedural blocks.
 */
final class RemapStatements {

  /** A reference column as the statements need it. */
  record Column(String label, String table, String column, ValueKind kind, boolean unique) {}

  /**
   * One direction of the map.
   *
   * @param name {@code forward} or {@code inverse}
   * @param fingerprint the script's fingerprint
   * @param oldKeys the keys rewritten, canonical text in key order
   * @param newKeys per old key its new key, or null for NULL
   * @param order the order and cycle groups of {@link RemapOrder}
   * @param forward for the inverse: the forward script's fingerprint; else null
   */
  record Direction(String name, String fingerprint, String[] oldKeys, String[] newKeys,
      RemapOrder.Result order, String forward) {}

  private final ScriptDialect dialect;
  private final SqlLiterals q;
  private final String guard;

  RemapStatements(ScriptDialect dialect, String guardTable) {
    this.dialect = dialect;
    this.q = dialect.literals();
    this.guard = q.identifier(guardTable);
  }

  /** The UPDATE of a batch: each old key to its new one, only rows holding the batch's keys. */
  String update(Column c, Direction d, int batch, String[] olds, String[] news,
      int forwardBatches) {
    StringBuilder sql = new StringBuilder(64 + olds.length * 24);
    sql.append("UPDATE ").append(c.table()).append(" SET ").append(c.column()).append(" = CASE ")
        .append(c.column());
    for (int i = 0; i < olds.length; i++) {
      sql.append(" WHEN ").append(olds[i]).append(" THEN ").append(news[i]);
    }
    sql.append(" END WHERE ").append(in(c, olds));
    sql.append(" AND (").append(blocked(c, d, batch)).append(") = 0");
    if (batch > 1) {
      sql.append(" AND (").append(predecessor(c, d, batch)).append(") = 1");
    }
    if (d.forward() != null && batch == 1) {
      sql.append(" AND (").append(forwardDone(c, d)).append(") = ").append(forwardBatches);
    }
    return sql.toString();
  }

  /** Records the batch, under the same conditions as its UPDATE. */
  String record(Column c, Direction d, int batch, int forwardBatches) {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(guard).append(" (")
        .append(g("script_fingerprint", false)).append(", ").append(g("direction", false))
        .append(", ").append(g("column_name", false)).append(", ").append(g("batch", false))
        .append(", ").append(g("applied_at", false)).append(") SELECT ")
        .append(q.string(d.fingerprint())).append(", ").append(q.string(d.name())).append(", ")
        .append(q.string(c.label())).append(", ").append(batch)
        .append(", CURRENT_TIMESTAMP FROM (").append(countAs(blocked(c, d, batch))).append(") b");
    StringBuilder where = new StringBuilder(" WHERE b.n = 0");
    if (batch > 1) {
      sql.append(", (").append(countAs(predecessor(c, d, batch))).append(") p");
      where.append(" AND p.n = 1");
    }
    if (d.forward() != null && batch == 1) {
      sql.append(", (").append(countAs(forwardDone(c, d))).append(") f");
      where.append(" AND f.n = ").append(forwardBatches);
    }
    return sql.append(where).toString();
  }

  /** The dry-run line of a batch: rows it will change (0 once applied or blocked) and why. */
  String dryRun(Column c, Direction d, int batch, String[] olds) {
    String applied = "SELECT COUNT(*) FROM " + guard + " g WHERE " + g("column_name", true)
        + " = " + q.string(c.label()) + " AND " + g("direction", true) + " = "
        + q.string(d.name()) + " AND " + g("script_fingerprint", true) + " = "
        + q.string(d.fingerprint()) + " AND " + g("batch", true) + " = " + batch;
    String other = "SELECT COUNT(*) FROM " + guard + " g WHERE " + g("column_name", true) + " = "
        + q.string(c.label()) + " AND " + g("direction", true) + " = " + q.string(d.name())
        + " AND " + g("script_fingerprint", true) + " <> " + q.string(d.fingerprint());
    return "SELECT " + q.string(c.label()) + " AS column_name, " + batch + " AS batch, "
        + olds.length + " AS mapped_keys, CASE WHEN (" + applied + ") > 0 OR (" + other
        + ") > 0 THEN 0 ELSE COUNT(*) END AS rows_to_change, CASE WHEN (" + applied
        + ") > 0 THEN 'applied' WHEN (" + other + ") > 0 THEN 'other-script' ELSE 'pending' END"
        + " AS status FROM " + c.table() + " WHERE " + in(c, olds);
  }

  /**
   * A query that fails (a scalar subquery returns more than one row) when a row holds the
   * staging key and the batch is about to apply: rows moved onto it would be moved on with the
   * batch's own. Conditioned on the batch's guard, so a rerun of an applied batch passes.
   */
  String stagingFree(Column c, Direction d, int batch, String staging, int forwardBatches) {
    StringBuilder held = new StringBuilder("SELECT 1 FROM ").append(c.table()).append(" WHERE ")
        .append(c.column()).append(" = ").append(staging).append(" AND (")
        .append(blocked(c, d, batch)).append(") = 0");
    if (batch > 1) {
      held.append(" AND (").append(predecessor(c, d, batch)).append(") = 1");
    }
    if (d.forward() != null && batch == 1) {
      held.append(" AND (").append(forwardDone(c, d)).append(") = ").append(forwardBatches);
    }
    return "SELECT (" + held + " UNION ALL " + held + ") AS " + q.identifier("staging_key_held");
  }

  /** The literals of keys given as canonical text (null for NULL) in a column of that kind. */
  String[] literals(Column c, String[] texts) {
    String[] out = new String[texts.length];
    for (int k = 0; k < texts.length; k++) {
      out[k] = texts[k] == null ? "NULL" : key(texts[k], c.kind());
    }
    return out;
  }

  /** The literal of one key (canonical text). */
  String literal(Column c, String text) {
    return key(text, c.kind());
  }

  /** The literals of keys (canonical text; null for NULL) in a column of that kind. */
  String[] literals(Column c, String[] texts, int[] keys) {
    String[] out = new String[keys.length];
    for (int k = 0; k < keys.length; k++) {
      String text = texts[keys[k]];
      out[k] = text == null ? "NULL" : key(text, c.kind());
    }
    return out;
  }

  private static String in(Column c, String[] olds) {
    StringBuilder sql = new StringBuilder(c.column()).append(" IN (");
    for (int k = 0; k < olds.length; k++) {
      sql.append(k == 0 ? "" : ", ").append(olds[k]);
    }
    return sql.append(')').toString();
  }

  /** Rows that forbid the batch: itself already applied, or another script on the column. */
  private String blocked(Column c, Direction d, int batch) {
    return "SELECT COUNT(*) FROM " + guard + " g WHERE " + g("column_name", true) + " = "
        + q.string(c.label()) + " AND " + g("direction", true) + " = " + q.string(d.name())
        + " AND (" + g("script_fingerprint", true) + " <> " + q.string(d.fingerprint()) + " OR "
        + g("batch", true) + " = " + batch + ")";
  }

  private String predecessor(Column c, Direction d, int batch) {
    return "SELECT COUNT(*) FROM " + guard + " g WHERE " + g("column_name", true) + " = "
        + q.string(c.label()) + " AND " + g("direction", true) + " = " + q.string(d.name())
        + " AND " + g("script_fingerprint", true) + " = " + q.string(d.fingerprint()) + " AND "
        + g("batch", true) + " = " + (batch - 1);
  }

  private String forwardDone(Column c, Direction d) {
    return "SELECT COUNT(*) FROM " + guard + " g WHERE " + g("column_name", true) + " = "
        + q.string(c.label()) + " AND " + g("direction", true) + " = 'forward' AND "
        + g("script_fingerprint", true) + " = " + q.string(d.forward());
  }

  private static String countAs(String countQuery) {
    return countQuery.replaceFirst("^SELECT COUNT\\(\\*\\)", "SELECT COUNT(*) AS n");
  }

  private String g(String column, boolean alias) {
    return (alias ? "g." : "") + q.identifier(column);
  }

  private String key(String text, ValueKind kind) {
    ValueKind k = kind == ValueKind.OTHER ? ValueKind.TEXT : kind;
    return q.literal(Keys.value(text, k), k);
  }
}
