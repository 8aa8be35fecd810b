package dev.ferry.dialect.postgres;

import static dev.ferry.dialect.SqlQueries.append;

import dev.ferry.catalog.TableName;
import dev.ferry.catalog.Trigger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL's triggers and rewrite rules with the events they fire on ({@code tgtype}'s bits,
 * {@code ev_type}) and when they fire ({@code tgenabled}, {@code ev_enabled}).
 */
final class PostgresTriggers {

  private static final String TRIGGERS_SQL =
      """
      SELECT n.nspname, c.relname, t.tgname, t.tgtype, t.tgenabled::text
      FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT t.tgisinternal AND n.nspname = ANY (?)
      """;

  private static final String RULES_SQL =
      """
      SELECT n.nspname, c.relname, r.rulename, r.ev_type::text, r.ev_enabled::text, r.is_instead
      FROM pg_rewrite r
      JOIN pg_class c ON c.oid = r.ev_class
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE r.rulename <> '_RETURN' AND n.nspname = ANY (?)
      """;

  private PostgresTriggers() {}

  /** Adds the triggers and rules of the wanted tables of these schemas to {@code triggers}. */
  static void read(java.sql.Connection c, String[] schemas, Set<TableName> wanted,
      Map<TableName, List<Trigger>> triggers) throws SQLException {
    PostgresCatalog.forEachRow(c, TRIGGERS_SQL, schemas, 1, rs -> {
      TableName table = new TableName(rs.getString(1), rs.getString(2));
      if (wanted.contains(table)) {
        int type = rs.getInt(4);
        String mode = rs.getString(5);
        append(triggers, table, new Trigger(rs.getString(3), "trigger", timing(type),
            events(type), firesNormally(mode), firesWhenReplica(mode)));
      }
    });
    PostgresCatalog.forEachRow(c, RULES_SQL, schemas, 1, rs -> {
      TableName table = new TableName(rs.getString(1), rs.getString(2));
      if (wanted.contains(table)) {
        String event = switch (rs.getString(4)) {
          case "1" -> "SELECT";
          case "2" -> "UPDATE";
          case "3" -> "INSERT";
          default -> "DELETE";
        };
        String mode = rs.getString(5);
        append(triggers, table, new Trigger(rs.getString(3), "rule",
            rs.getBoolean(6) ? "INSTEAD" : "ALSO", event, firesNormally(mode),
            firesWhenReplica(mode)));
      }
    });
  }

  /**
   * {@code tgenabled}/{@code ev_enabled}: O fires in ordinary sessions, D never, R in replica
   * sessions only, A always. ferry's silencing switch is the replica role.
   */
  private static boolean firesNormally(String mode) {
    return "O".equals(mode) || "A".equals(mode);
  }

  private static boolean firesWhenReplica(String mode) {
    return "R".equals(mode) || "A".equals(mode);
  }

  private static String timing(int tgtype) {
    if ((tgtype & 64) != 0) {
      return "INSTEAD OF";
    }
    return (tgtype & 2) != 0 ? "BEFORE" : "AFTER";
  }

  /** {@code tgtype}'s event bits: 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE. */
  private static String events(int tgtype) {
    List<String> events = new ArrayList<>();
    if ((tgtype & 4) != 0) {
      events.add("INSERT");
    }
    if ((tgtype & 16) != 0) {
      events.add("UPDATE");
    }
    if ((tgtype & 8) != 0) {
      events.add("DELETE");
    }
    if ((tgtype & 32) != 0) {
      events.add("TRUNCATE");
    }
    return String.join(",", events);
  }
}
