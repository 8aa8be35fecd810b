package dev.ferry.dialect.sqlite;

import static dev.ferry.dialect.SqlQueries.append;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.Trigger;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.EngineDetails;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SQLite: one file, no schemas; foreign keys may be declared DEFERRABLE INITIALLY DEFERRED. */
public final class SqliteDialect implements Dialect {

  private static final Pattern TRIGGER_HEAD = Pattern.compile(
      "CREATE\\s+(?:TEMP\\w*\\s+)?TRIGGER\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?\\S+\\s+"
          + "(BEFORE|AFTER|INSTEAD\\s+OF)?\\s*(INSERT|UPDATE|DELETE)",
      Pattern.CASE_INSENSITIVE);

  @Override
  public String id() {
    return "sqlite";
  }

  @Override
  public List<String> urlPrefixes() {
    return List.of("jdbc:sqlite:");
  }

  /** SQLite takes read-only only when the file is opened; {@code open_mode=1} is READONLY. */
  @Override
  public Map<String, String> connectionProperties(int connectTimeoutSeconds, boolean readOnly) {
    return readOnly ? Map.of("open_mode", "1") : Map.of();
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.DEFERRABLE_CONSTRAINTS, Capability.CREATES_MISSING_DATABASE);
  }

  @Override
  public String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public String currentSchema(Connection connection) {
    return null;
  }

  @Override
  public List<String> schemas(Connection connection) {
    return List.of();
  }

  @Override
  public String databaseName(Connection connection) {
    return null;
  }

  @Override
  public EngineDetails details(Connection c, Collection<TableName> tables) throws SQLException {
    Set<TableName> wanted = new HashSet<>(tables);
    Map<TableName, List<Trigger>> triggers = new HashMap<>();
    Map<TableName, Map<TableName, String>> deferrability = new HashMap<>();
    for (String[] row : SqlQueries.list(c,
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL",
        rs -> new String[] {rs.getString(1), rs.getString(2)})) {
      TableName table = new TableName(null, row[0]);
      if (wanted.contains(table)) {
        deferrability.put(table, deferrability(row[1], wanted));
      }
    }
    for (String[] row : SqlQueries.list(c,
        "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'",
        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})) {
      TableName table = new TableName(null, row[0]);
      if (wanted.contains(table)) {
        Matcher m = TRIGGER_HEAD.matcher(row[2] == null ? "" : row[2]);
        String timing = m.find() && m.group(1) != null
            ? m.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ") : "BEFORE";
        String event = m.find(0) ? m.group(2).toUpperCase(Locale.ROOT) : null;
        append(triggers, table, new Trigger(row[1], "trigger", timing, event, true));
      }
    }
    return new EngineDetails(Map.of(), triggers, Map.of(), deferrability);
  }

  /**
   * SQLite's driver reports every foreign key as deferrable; in SQLite a key is deferred only when
   * its clause says {@code DEFERRABLE INITIALLY DEFERRED}. Reads that from the table's DDL, per
   * referenced table.
   */
  static Map<TableName, String> deferrability(String ddl, Set<TableName> tables) {
    Map<TableName, String> result = new HashMap<>();
    for (TableName parent : tables) {
      Matcher m = Pattern.compile("REFERENCES\\s+[\"`\\[]?" + Pattern.quote(parent.name())
          + "[\"`\\]]?(?!\\w)\\s*(\\([^)]*\\))?([^,]*)", Pattern.CASE_INSENSITIVE).matcher(ddl);
      while (m.find()) {
        String tail = m.group(2).toUpperCase(Locale.ROOT);
        boolean deferred = tail.matches("(?s).*(?<!NOT\\s)DEFERRABLE\\s+INITIALLY\\s+DEFERRED.*");
        result.merge(parent, deferred ? "initially-deferred" : "not-deferrable",
            (a, b) -> a.equals(b) ? a : "not-deferrable");
      }
    }
    return result;
  }

  @Override
  public boolean temporalsAsText() {
    return true;
  }

  @Override
  public List<String> relaxChecks(CheckRelaxation relaxation) {
    return relaxation == CheckRelaxation.PRAGMA_FOREIGN_KEYS_OFF
        ? List.of("PRAGMA foreign_keys = OFF") : null;
  }

  @Override
  public void truncate(Connection connection, List<TableName> childrenFirst) throws SQLException {
    try (var s = connection.createStatement()) {
      s.execute("PRAGMA foreign_keys = OFF");
      try {
        for (TableName t : childrenFirst) {
          s.executeUpdate("DELETE FROM " + qualify(t));
        }
      } finally {
        s.execute("PRAGMA foreign_keys = ON");
      }
    }
  }

  @Override
  public TableName stateTable(Connection connection, String base) {
    return new TableName(null, "ferry_" + base);
  }

  @Override
  public List<CheckRelaxation> checkRelaxations(Connection c, Collection<TableName> tables) {
    return List.of(CheckRelaxation.PRAGMA_FOREIGN_KEYS_OFF);
  }

  @Override
  public String relaxationHint() {
    return "PRAGMA foreign_keys = OFF is open to every connection";
  }
}
