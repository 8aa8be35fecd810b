package dev.ferry.dialect.sqlite;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.EngineDetails;
import dev.ferry.dialect.LockAttempt;
import dev.ferry.dialect.WriteNeeds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** SQLite: one file, no schemas; foreign keys may be declared DEFERRABLE INITIALLY DEFERRED. */
public final class SqliteDialect implements Dialect {

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
    return EnumSet.of(Capability.DEFERRABLE_CONSTRAINTS, Capability.CREATES_MISSING_DATABASE,
        Capability.CASE_INSENSITIVE_NAMES, Capability.SINGLE_WRITER);
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

  /** The declared types read by SQLite's affinity rules ({@link SqliteTypes}). */
  @Override
  public List<dev.ferry.catalog.Column> columns(Connection connection, TableName table,
      List<dev.ferry.catalog.Column> reported) throws SQLException {
    return SqliteTypes.columns(connection, table, reported);
  }

  @Override
  public EngineDetails details(Connection c, Collection<TableName> tables) throws SQLException {
    return SqliteDetails.read(c, tables);
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
          s.executeUpdate(deleteAllSql(t));
        }
      } finally {
        s.execute("PRAGMA foreign_keys = ON");
      }
    }
  }

  @Override
  public String databaseIdentity(Connection connection) throws SQLException {
    return SqliteFile.identity(connection);
  }

  @Override
  public LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    return SqliteFile.tryRunLock(connection, holder);
  }

  @Override
  public LockAttempt tryJobLock(Connection connection, String holder, String job)
      throws SQLException {
    return SqliteFile.tryJobLock(connection, holder, job);
  }

  /** How long a connection waits for another's write lock on the file (SQLITE_BUSY after). */
  @Override
  public List<String> lockTimeoutStatements(long millis) {
    return List.of("PRAGMA busy_timeout = " + millis);
  }

  /** SQLITE_BUSY (5) or SQLITE_LOCKED (6), also as an extended result code. */
  @Override
  public boolean isLockTimeout(SQLException e) {
    int primary = e.getErrorCode() & 0xff;
    return primary == 5 || primary == 6;
  }

  @Override
  public TableName stateTable(Connection connection, String base) {
    return new TableName(null, "ferry_" + base);
  }

  /** SQLite has no principals and no privileges: nothing to grant. */
  @Override
  public String grant(String privileges, TableName table, String principal) {
    return null;
  }

  @Override
  public String principal(Connection connection) {
    return "this user";
  }

  @Override
  public List<String> writeProblems(Connection c, WriteNeeds needs) throws SQLException {
    return SqliteFile.writeProblems(c);
  }

  @Override
  public List<CheckRelaxation> checkRelaxations(Connection c, Collection<TableName> tables) {
    return List.of(CheckRelaxation.PRAGMA_FOREIGN_KEYS_OFF);
  }

  @Override
  public String relaxationHint() {
    return "PRAGMA foreign_keys = OFF is open to every connection";
  }

  @Override
  public String characterLength(String quotedColumn) {
    return "length(" + quotedColumn + ")";
  }

  @Override
  public String octetLength(String quotedColumn) {
    return "length(CAST(" + quotedColumn + " AS BLOB))";
  }

  @Override
  public String binaryLength(String quotedColumn) {
    return "length(" + quotedColumn + ")";
  }

  /** SQLite has no regular expressions by default; GLOB's classes serve. */
  @Override
  public String notUuid(String quotedColumn) {
    String hex = "[0-9a-fA-F]";
    return quotedColumn + " NOT GLOB '" + hex.repeat(8) + "-" + hex.repeat(4) + "-"
        + hex.repeat(4) + "-" + hex.repeat(4) + "-" + hex.repeat(12) + "'";
  }

  /** Dates and times are ISO text, which has four-digit years. */
  @Override
  public dev.ferry.dialect.TemporalRange temporalRange(dev.ferry.catalog.Column column) {
    return new dev.ferry.dialect.TemporalRange(java.time.LocalDateTime.of(0, 1, 1, 0, 0),
        java.time.LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999), null);
  }

  /** Text keeps every digit. */
  @Override
  public Integer fractionDigits(dev.ferry.catalog.Column column) {
    return null;
  }

  @Override
  public String temporalOutside(String quotedColumn, dev.ferry.catalog.Column column,
      dev.ferry.dialect.TemporalRange range) {
    String value = "strftime('%Y-%m-%d %H:%M:%f', " + quotedColumn + ")";
    return "(" + value + " < '" + dev.ferry.dialect.TemporalRange.text(range.min()) + "' OR "
        + value + " > '" + dev.ferry.dialect.TemporalRange.text(range.max()) + "')";
  }

  /** SQLite stores infinities as reals (9e999 is +Infinity) but a NaN as NULL. */
  @Override
  public String nonFinite(String quotedColumn, Set<String> which) {
    List<String> values = new ArrayList<>();
    if (which.contains("Infinity")) {
      values.add("9e999");
    }
    if (which.contains("-Infinity")) {
      values.add("-9e999");
    }
    return values.isEmpty() ? null : quotedColumn + " IN (" + String.join(", ", values) + ")";
  }

  /** GLOB's character ranges compare code points: U+10000 to U+10FFFF. */
  @Override
  public String beyondBmp(String quotedColumn) {
    return quotedColumn + " GLOB ('*[' || char(65536) || '-' || char(1114111) || ']*')";
  }

  @Override
  public String containsNul(String quotedColumn) {
    return "instr(" + quotedColumn + ", char(0)) > 0";
  }

  @Override
  public Set<String> storedNonFinite() {
    return Set.of("Infinity", "-Infinity");
  }

  @Override
  public java.util.Map<TableName, List<dev.ferry.catalog.Check>> checks(java.sql.Connection c,
      java.util.Collection<dev.ferry.catalog.Table> tables) throws java.sql.SQLException {
    return SqliteChecks.read(c, tables);
  }

  @Override
  public java.util.Map<TableName, List<dev.ferry.catalog.Index>> indexes(
      java.sql.Connection c, java.util.Collection<dev.ferry.catalog.Table> tables)
      throws java.sql.SQLException {
    return SqliteIndexes.read(c, tables);
  }
}
