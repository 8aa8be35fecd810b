package dev.ferry.dialect.mariadb;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.EngineDetails;
import dev.ferry.dialect.LockAttempt;
import dev.ferry.dialect.SqlQueries;
import dev.ferry.dialect.WriteNeeds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MariaDB and MySQL, both through the MariaDB driver. A MariaDB "database" is ferry's schema; JDBC
 * metadata calls it a catalog.
 */
public final class MariaDbDialect implements Dialect {

  @Override
  public String id() {
    return "mariadb";
  }

  @Override
  public List<String> urlPrefixes() {
    return List.of("jdbc:mariadb:", "jdbc:mysql:");
  }

  /** The bundled MariaDB driver serves {@code jdbc:mysql:} URLs under its own scheme. */
  @Override
  public String driverUrl(String jdbcUrl) {
    return jdbcUrl.regionMatches(true, 0, "jdbc:mysql:", 0, 11)
        ? "jdbc:mariadb:" + jdbcUrl.substring(11)
        : jdbcUrl;
  }

  @Override
  public Map<String, String> connectionProperties(int connectTimeoutSeconds, boolean readOnly) {
    return Map.of("connectTimeout", String.valueOf(connectTimeoutSeconds * 1000));
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.SCHEMAS_ARE_CATALOGS);
  }

  @Override
  public String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  @Override
  public String currentSchema(Connection connection) throws SQLException {
    return SqlQueries.scalar(connection, "SELECT DATABASE()");
  }

  @Override
  public String databaseName(Connection connection) throws SQLException {
    return currentSchema(connection);
  }

  @Override
  public List<String> schemas(Connection connection) throws SQLException {
    return SqlQueries.list(
        connection,
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN"
            + " ('information_schema', 'mysql', 'performance_schema', 'sys') ORDER BY 1",
        rs -> rs.getString(1));
  }

  @Override
  public Map<TableName, Map<String, List<String>>> enumLabels(Connection c,
      Collection<TableName> tables) throws SQLException {
    return MariaDbCatalog.enumLabels(c, tables);
  }

  @Override
  public Map<TableName, Map<String, String>> unwrittenClauses(Connection c,
      Collection<TableName> tables) throws SQLException {
    return MariaDbCatalog.onUpdate(c, tables);
  }

  @Override
  public EngineDetails details(Connection c, Collection<TableName> tables) throws SQLException {
    return MariaDbCatalog.details(c, tables);
  }

  /** Any session may switch its own foreign-key checks off. */
  @Override
  public List<CheckRelaxation> checkRelaxations(Connection c, Collection<TableName> tables) {
    return List.of(CheckRelaxation.SESSION_FOREIGN_KEY_CHECKS_OFF);
  }

  @Override
  public long estimateRows(Connection connection, TableName table) throws SQLException {
    String estimate = SqlQueries.scalar(connection, "SELECT TABLE_ROWS FROM information_schema.TABLES"
        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", table.schema(), table.name());
    return estimate == null ? -1 : Long.parseLong(estimate);
  }

  @Override
  public List<String> snapshotStatements() {
    return List.of("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
        "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
  }

  @Override
  public List<String> relaxChecks(CheckRelaxation relaxation) {
    return relaxation == CheckRelaxation.SESSION_FOREIGN_KEY_CHECKS_OFF
        ? List.of("SET SESSION FOREIGN_KEY_CHECKS = 0") : null;
  }

  /**
   * Engines move AUTO_INCREMENT past every explicit value inserted, so the counter is normally past
   * the loaded keys already; the ALTER (which takes the ALTER privilege) runs only where it is not.
   */
  @Override
  public void resetIdentity(Connection connection, TableName table, String column)
      throws SQLException {
    String max = SqlQueries.scalar(connection, "SELECT COALESCE(MAX(" + quote(column) + "), 0) + 1"
        + " FROM " + qualify(table));
    String next = SqlQueries.scalar(connection, "SELECT AUTO_INCREMENT FROM"
        + " information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", table.schema(),
        table.name());
    // BIGINT UNSIGNED counts past Long.MAX_VALUE
    java.math.BigInteger wanted = new java.math.BigInteger(max);
    if (next != null && new java.math.BigInteger(next).compareTo(wanted) >= 0) {
      return;
    }
    try (var s = connection.createStatement()) {
      s.execute("ALTER TABLE " + qualify(table) + " AUTO_INCREMENT = " + wanted);
    }
  }

  @Override
  public List<String> writeProblems(Connection c, WriteNeeds needs) throws SQLException {
    return MariaDbPrivileges.problems(c, this, needs);
  }

  /** {@code 'user'@'host'}, as CURRENT_USER() names the account whose privileges apply. */
  @Override
  public String principal(Connection connection) throws SQLException {
    String account = SqlQueries.scalar(connection, "SELECT CURRENT_USER()");
    int at = account.lastIndexOf('@');
    String user = at < 0 ? account : account.substring(0, at);
    String host = at < 0 ? "%" : account.substring(at + 1);
    return "'" + user.replace("'", "''") + "'@'" + host.replace("'", "''") + "'";
  }

  /**
   * Deletes in one transaction, so that a failure or a kill half-way empties nothing (one
   * autocommitted DELETE per table left the children emptied and the parents full).
   */
  @Override
  public void truncate(Connection connection, List<TableName> childrenFirst) throws SQLException {
    boolean auto = connection.getAutoCommit();
    try (var s = connection.createStatement()) {
      s.execute("SET SESSION FOREIGN_KEY_CHECKS = 0");
      connection.setAutoCommit(false);
      try {
        for (TableName t : childrenFirst) {
          s.executeUpdate(deleteAllSql(t));
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(auto);
        s.execute("SET SESSION FOREIGN_KEY_CHECKS = 1");
      }
    }
  }

  /**
   * The server's host name, port and data directory, which tell two servers apart however they
   * are reached ({@code jdbc:mysql:} or {@code jdbc:mariadb:}, any host alias or port forward),
   * and the database.
   */
  @Override
  public String databaseIdentity(Connection connection) throws SQLException {
    return SqlQueries.scalar(connection, "SELECT CONCAT_WS(':', 'mariadb', @@hostname, @@port,"
        + " @@datadir, DATABASE())");
  }

  @Override
  public LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    return MariaDbLocks.tryRunLock(connection, holder);
  }

  @Override
  public LockAttempt tryTenantRunLock(Connection connection, String holder, String tenant)
      throws SQLException {
    return MariaDbLocks.tryTenantRunLock(connection, holder, tenant);
  }

  @Override
  public boolean runLockPerTenant() {
    return true;
  }

  @Override
  public LockAttempt tryJobLock(Connection connection, String holder, String job)
      throws SQLException {
    return MariaDbLocks.tryJobLock(connection, job);
  }

  @Override
  public String asText(String quotedColumn) {
    return "CAST(" + quotedColumn + " AS CHAR)";
  }

  /** Row locks (InnoDB) and table metadata locks, in whole seconds, at least one. */
  @Override
  public List<String> lockTimeoutStatements(long millis) {
    long seconds = Math.max(1, (millis + 999) / 1000);
    return List.of("SET SESSION innodb_lock_wait_timeout = " + seconds,
        "SET SESSION lock_wait_timeout = " + seconds);
  }

  /** 1205 ER_LOCK_WAIT_TIMEOUT. */
  @Override
  public boolean isLockTimeout(SQLException e) {
    return e.getErrorCode() == 1205;
  }

  @Override
  public String lockHolders(Connection connection, TableName table) throws SQLException {
    return MariaDbLocks.lockHolders(connection);
  }

  @Override
  public String relaxationHint() {
    return "SET FOREIGN_KEY_CHECKS = 0 is open to every session";
  }

  /** MariaDB has no type with zone; Connector/J shifts an OffsetDateTime into the JVM's zone. */
  @Override
  public boolean bindsOffsetDateTime() {
    return false;
  }

  /**
   * MariaDB's text protocol prints a FLOAT with six significant digits (1234567 reads as
   * 1234570); multiplying by a DOUBLE one widens it exactly, and a double prints in full.
   */
  @Override
  public String readExpression(String quotedColumn, Column column) {
    String type = column.type() == null ? "" : column.type().toUpperCase(Locale.ROOT);
    // times one, not plus zero: -0 + 0 is +0, and a negative zero would lose its sign
    return type.startsWith("FLOAT") ? "(" + quotedColumn + " * 1E0)" : quotedColumn;
  }

  @Override
  public String notTimeOfDay(String quotedColumn) {
    return "(" + quotedColumn + " < '00:00:00' OR " + quotedColumn + " >= '24:00:00')";
  }

  @Override
  public String notUuid(String quotedColumn) {
    return quotedColumn + " NOT REGEXP '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'";
  }

  @Override
  public List<dev.ferry.catalog.Column> columns(Connection connection, TableName table,
      List<dev.ferry.catalog.Column> reported) throws SQLException {
    return MariaDbCatalog.columns(connection, table, reported);
  }

  /**
   * {@code utf8mb3} (the {@code utf8} of MariaDB before 11.8 and of MySQL) stores up to three
   * bytes a character, {@code ucs2} two: no emoji.
   */
  @Override
  public boolean onlyBmp(dev.ferry.catalog.Column column) {
    return column.charset() != null && List.of("utf8mb3", "utf8", "ucs2")
        .contains(column.charset().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * A range of U+10000 to U+10FFFF spelt without backslashes (which NO_BACKSLASH_ESCAPES would
   * keep), over the text as utf8mb4 (a utf8mb3 or latin1 column would not mix with the range).
   * Not by comparing the text with its conversion to utf8mb3: MariaDB 10.11 answers that in a
   * SELECT list but not in a WHERE clause.
   */
  @Override
  public String beyondBmp(String quotedColumn) {
    return "CONVERT(" + quotedColumn + " USING utf8mb4) REGEXP CONCAT('[',"
        + " CHAR(0xF0908080 USING utf8mb4), '-', CHAR(0xF48FBFBF USING utf8mb4), ']')";
  }

  /** An ENUM's value as a number is its index, 0 for the error value alone. */
  @Override
  public String enumErrorValue(String quotedColumn) {
    return "(" + quotedColumn + " + 0) = 0";
  }

  @Override
  public String containsNul(String quotedColumn) {
    return "INSTR(" + quotedColumn + ", CHAR(0 USING utf8mb4)) > 0";
  }

  @Override
  public String notCalendarDate(String quotedColumn) {
    return "(MONTH(" + quotedColumn + ") = 0 OR DAYOFMONTH(" + quotedColumn + ") = 0"
        + " OR DAYOFMONTH(" + quotedColumn + ") > DAYOFMONTH(LAST_DAY(" + quotedColumn + ")))";
  }

  @Override
  public String zeroDate(String quotedColumn) {
    return "(MONTH(" + quotedColumn + ") = 0 OR DAYOFMONTH(" + quotedColumn + ") = 0)";
  }

  /** Bytes as a utf8mb4 target column holds them, whatever the source column's charset. */
  @Override
  public String octetLength(String quotedColumn) {
    return "OCTET_LENGTH(CONVERT(" + quotedColumn + " USING utf8mb4))";
  }

  @Override
  public boolean membersOnly(dev.ferry.catalog.Column column) {
    return column.type() != null && List.of("ENUM", "SET")
        .contains(column.type().toUpperCase(java.util.Locale.ROOT));
  }

  @Override
  public dev.ferry.dialect.TemporalRange temporalRange(dev.ferry.catalog.Column column) {
    return MariaDbTemporals.temporalRange(column);
  }

  @Override
  public Integer fractionDigits(dev.ferry.catalog.Column column) {
    return MariaDbTemporals.fractionDigits(column);
  }

  @Override
  public String finerThan(String quotedColumn, dev.ferry.catalog.Column column, int digits) {
    return MariaDbTemporals.finerThan(quotedColumn, column, digits);
  }

  /** TINYTEXT, TEXT, MEDIUMTEXT and LONGTEXT are limited in bytes, VARCHAR and CHAR in characters. */
  @Override
  public boolean lengthInBytes(dev.ferry.catalog.Column column) {
    String type = column.type() == null ? "" : column.type().toLowerCase(java.util.Locale.ROOT);
    return type.endsWith("text");
  }

  /**
   * From {@code information_schema.CHECK_CONSTRAINTS}; a JSON column's own {@code
   * json_valid(`column`)}, which MariaDB adds for the type, is the type's and left out.
   */
  @Override
  public java.util.Map<TableName, List<dev.ferry.catalog.Check>> checks(java.sql.Connection c,
      java.util.Collection<dev.ferry.catalog.Table> tables) throws java.sql.SQLException {
    return dev.ferry.dialect.CheckReader.read(c, tables, "SELECT CONSTRAINT_NAME, CHECK_CLAUSE"
        + " FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?"
        + " AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME", (ps, t) -> {
          ps.setString(1, t.schema());
          ps.setString(2, t.name());
        }, (name, clause) -> clause.equals("json_valid(" + quote(name) + ")") ? null : clause);
  }

  @Override
  public java.util.Map<TableName, List<dev.ferry.catalog.Index>> indexes(
      java.sql.Connection c, java.util.Collection<dev.ferry.catalog.Table> tables)
      throws java.sql.SQLException {
    return MariaDbIndexes.read(c, tables);
  }

  @Override
  public String stateLongTextType() {
    return "LONGTEXT";
  }
}
