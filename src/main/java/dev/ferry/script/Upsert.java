package dev.ferry.script;

import dev.ferry.api.MergeMode;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The statement around a multi-row VALUES list that writes a table's rows under a merge mode
 * (docs/scripts.md, "Upsert scripts"): a plain INSERT without a mode (or under {@code fail}),
 * else the dialect's native upsert by the table's key. A row the target holds with the same
 * values is left unwritten, so that running a script twice changes nothing; {@code skip} never
 * touches a row the target holds. A script cannot see the target's values when it is written, so
 * {@code replace} and {@code update} write the same statement: every carried column of the rows
 * where at least one differs, which leaves the state a {@code copy --merge} of either mode leaves.
 * Columns a cycle loads as NULL first are neither compared nor set (the fix-up file sets them).
 *
 * @param head what comes before the first row ({@code INSERT INTO t (...) VALUES}, {@code MERGE
 *     INTO t AS t USING (VALUES})
 * @param tail what comes after the last row, before the {@code ;}; empty for a plain INSERT
 */
record Upsert(String head, String tail) {

  /** The target table's alias in the statements. */
  private static final String T = "t";
  /** The incoming rows' alias (SQL Server's MERGE source). */
  private static final String S = "s";

  /**
   * The statement for a table.
   *
   * @param table the quoted table
   * @param mode the table's merge mode; null or {@code fail} for plain INSERTs
   * @param version under {@code newer-wins}, the position of the version column in the rows: a
   *     row the target holds is written only where the incoming version is newer (NULL older
   *     than any value; a tie keeps the target's row); -1 for other modes
   * @param overriding the INSERT clause that lets explicit identity values in, or empty
   */
  static Upsert of(ScriptDialect dialect, String table, TablePlan plan, MergeMode mode,
      int version, String overriding) {
    SqlLiterals q = dialect.literals();
    List<String> columns = plan.columns().stream().map(c -> q.identifier(c.targetName())).toList();
    String list = String.join(", ", columns);
    if (mode == null || mode == MergeMode.FAIL) {
      return new Upsert("INSERT INTO " + table + " (" + list + ")" + overriding + " VALUES", "");
    }
    List<String> keys = new ArrayList<>();
    for (int i : plan.keyPositions()) {
      keys.add(columns.get(i));
    }
    List<CopyColumn> set = new ArrayList<>();
    if (mode != MergeMode.SKIP) {
      for (int i = 0; i < columns.size(); i++) {
        if (!keys.contains(columns.get(i))
            && !plan.nulledColumns().contains(plan.columns().get(i).name())) {
          set.add(plan.columns().get(i));
        }
      }
    }
    Function<CopyColumn, String> id = c -> q.identifier(c.targetName());
    String v = version < 0 || mode != MergeMode.NEWER_WINS ? null
        : q.identifier(plan.columns().get(version).targetName());
    if (v != null) {
      // MySQL assigns left to right, each later condition seeing the earlier assignments: the
      // version column goes last, so that every condition compares the target's old version
      CopyColumn versionColumn = plan.columns().get(version);
      set.remove(versionColumn);
      set.add(versionColumn);
    }
    return switch (dialect.name()) {
      case "postgres" -> new Upsert("INSERT INTO " + table + " AS " + T + " (" + list + ")"
          + overriding + " VALUES", "ON CONFLICT (" + String.join(", ", keys) + ") DO "
          + (set.isEmpty() ? "NOTHING" : "UPDATE SET " + join(set, c -> id.apply(c)
              + " = EXCLUDED." + id.apply(c), ", ") + "\n  WHERE " + (v == null ? ""
                  : newer("EXCLUDED." + v, T + "." + v) + "\n    AND (") + join(set,
                  c -> postgresComparable(T + "." + id.apply(c), c.kind())
                      + " IS DISTINCT FROM " + postgresComparable("EXCLUDED." + id.apply(c),
                          c.kind()), "\n     OR ") + (v == null ? "" : ")")));
      // a column set to the value it holds is no change to MySQL (no row counted, no ON UPDATE
      // timestamp); skip assigns a key column to itself, not INSERT IGNORE, which hides errors
      case "mysql" -> new Upsert("INSERT INTO " + table + " (" + list + ")" + overriding
          + " VALUES", "ON DUPLICATE KEY UPDATE " + (set.isEmpty()
              ? keys.get(0) + " = " + keys.get(0)
              : join(set, c -> id.apply(c) + " = " + (v == null ? "VALUES(" + id.apply(c) + ")"
                  : "IF(" + newer("VALUES(" + v + ")", v) + ", VALUES(" + id.apply(c) + "), "
                      + id.apply(c) + ")"), ", ")));
      default -> new Upsert("MERGE INTO " + table + " AS " + T + "\nUSING (VALUES", ") AS " + S
          + " (" + list + ")\nON " + String.join(" AND ", keys.stream()
              .map(k -> T + "." + k + " = " + S + "." + k).toList())
          + (set.isEmpty() ? "" : "\nWHEN MATCHED AND " + (v == null ? ""
              : newer(S + "." + v, T + "." + v) + " AND ") + "EXISTS (SELECT " + join(set,
              c -> S + "." + id.apply(c), ", ") + " EXCEPT SELECT " + join(set,
                  c -> T + "." + id.apply(c), ", ") + ") THEN UPDATE SET " + join(set,
                      c -> id.apply(c) + " = " + S + "." + id.apply(c), ", "))
          + "\nWHEN NOT MATCHED THEN INSERT (" + list + ") VALUES (" + String.join(
              ", ", columns.stream().map(c -> S + "." + c).toList()) + ")");
    };
  }

  /** The condition that the incoming version is newer: NULL is older than any value. */
  private static String newer(String incoming, String held) {
    return "(" + incoming + " > " + held + " OR (" + held + " IS NULL AND " + incoming
        + " IS NOT NULL))";
  }

  /** Whether rows are plain INSERTs. */
  boolean plain() {
    return tail.isEmpty();
  }

  /**
   * A PostgreSQL value as IS DISTINCT FROM can compare it: {@code json} has no equality (jsonb
   * compares as parsed, as ferry's rule of the same value does), nor have some other types.
   */
  private static String postgresComparable(String value, ValueKind kind) {
    return switch (kind) {
      case JSON -> value + "::jsonb";
      case OTHER -> value + "::text";
      default -> value;
    };
  }

  private static String join(List<CopyColumn> columns, Function<CopyColumn, String> each,
      String separator) {
    return String.join(separator, columns.stream().map(each).toList());
  }
}
