package dev.ferry.script;

import dev.ferry.api.ErrorCode;
import dev.ferry.api.FerryException;
import dev.ferry.api.ScriptFormat;
import dev.ferry.catalog.CheckRelaxation;
import java.util.List;

/**
 * The statements a script needs, per target dialect, as data: how a file starts, how a
 * transaction begins and ends, how batches are separated, how identity values are let in and
 * moved on, how a script pauses, and how the remap guard table is created. Formats use {@code
 * %1$s}... placeholders documented on each field.
 *
 * @param name {@code postgres}, {@code mysql} or {@code sqlserver}
 * @param engineId the engine dialect whose load-order rules apply ({@code mariadb} for mysql)
 * @param literals the dialect's literals
 * @param hasSchemas whether tables are qualified by a schema
 * @param preamble statements at the top of every file (encoding, escaping, error handling)
 * @param begin starts a transaction
 * @param commit ends one
 * @param separator a line after each committed transaction ({@code GO}), or null
 * @param deferAll makes deferrable constraints wait for the commit, or null
 * @param overriding the INSERT clause that lets explicit identity values in, or empty
 * @param identityOn {@code %1$s} table name as a string literal, {@code %2$s} quoted table: lets
 *     explicit identity values in for a session; null when not needed
 * @param identityOff the same, switching it off again
 * @param reset moves an identity or sequence past the loaded keys: {@code %1$s} table name as a
 *     string literal, {@code %2$s} column name as a string literal, {@code %3$s} quoted column,
 *     {@code %4$s} quoted table, {@code %5$s} the highest loaded value plus one
 * @param resetPerTable true when {@link #reset} moves a table's one identity, not a column's
 * @param resetNeedsMax true when {@link #reset} needs {@code %5$s}
 * @param checksOn statement that turns relaxed foreign-key checks back on, or null
 * @param sleep pauses: {@code %1$s} seconds with three decimals, {@code %2$s} as {@code
 *     hh:mm:ss.fff}
 * @param createIfMissing {@code %1$s} quoted table, {@code %2$s} the table name as a string
 *     literal, {@code %3$s} the column definitions
 * @param textType a string column type for the guard table, {@code %d} the length
 * @param timestampType a timestamp column type
 * @param relaxations how the script may relax foreign-key checks for NOT NULL cycles
 * @param runHint how to run a script so that it stops at the first error
 */
public record ScriptDialect(String name, String engineId, SqlLiterals literals,
    boolean hasSchemas, List<String> preamble, String begin, String commit, String separator,
    String deferAll, String overriding, String identityOn, String identityOff, String reset,
    boolean resetPerTable, boolean resetNeedsMax, String checksOn, String sleep,
    String createIfMissing, String textType, String timestampType,
    List<CheckRelaxation> relaxations, String runHint) {

  private static final ScriptDialect POSTGRES = new ScriptDialect("postgres", "postgres",
      SqlLiterals.POSTGRES, true,
      List.of("SET client_encoding = 'UTF8'", "SET standard_conforming_strings = on"),
      "BEGIN", "COMMIT", null, "SET CONSTRAINTS ALL DEFERRED", " OVERRIDING SYSTEM VALUE", null,
      null, "SELECT setval(pg_get_serial_sequence(%1$s, %2$s), COALESCE(MAX(%3$s), 1),"
          + " MAX(%3$s) IS NOT NULL) FROM %4$s", false, false, null, "SELECT pg_sleep(%1$s)",
      "CREATE TABLE IF NOT EXISTS %1$s (%3$s)", "VARCHAR(%d)", "TIMESTAMP", List.of(),
      "psql -v ON_ERROR_STOP=1 -f FILE");
  private static final ScriptDialect MYSQL = new ScriptDialect("mysql", "mariadb",
      SqlLiterals.MYSQL, false,
      List.of("SET NAMES utf8mb4",
          "SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')"),
      "START TRANSACTION", "COMMIT", null, null, "", null, null,
      "ALTER TABLE %4$s AUTO_INCREMENT = %5$s", true, true, "SET FOREIGN_KEY_CHECKS = 1",
      "SELECT SLEEP(%1$s)", "CREATE TABLE IF NOT EXISTS %1$s (%3$s)", "VARCHAR(%d)",
      "DATETIME(6)", List.of(CheckRelaxation.SESSION_FOREIGN_KEY_CHECKS_OFF),
      "mysql --default-character-set=utf8mb4 DATABASE < FILE");
  private static final ScriptDialect SQLSERVER = new ScriptDialect("sqlserver", "sqlserver",
      SqlLiterals.SQLSERVER, true, List.of("SET XACT_ABORT ON", "SET NOCOUNT ON", "SET QUOTED_IDENTIFIER ON"),
      "BEGIN TRANSACTION", "COMMIT TRANSACTION", "GO", null, "",
      "IF OBJECTPROPERTY(OBJECT_ID(%1$s), 'TableHasIdentity') = 1 SET IDENTITY_INSERT %2$s ON",
      "IF OBJECTPROPERTY(OBJECT_ID(%1$s), 'TableHasIdentity') = 1 SET IDENTITY_INSERT %2$s OFF",
      "IF OBJECTPROPERTY(OBJECT_ID(%1$s), 'TableHasIdentity') = 1 DBCC CHECKIDENT (%1$s, RESEED)",
      true, false, null, "WAITFOR DELAY '%2$s'",
      "IF OBJECT_ID(%2$s, 'U') IS NULL CREATE TABLE %1$s (%3$s)", "NVARCHAR(%d)", "DATETIME2",
      List.of(), "sqlcmd -b -I -f 65001 -i FILE");

  /**
   * The dialect of that name.
   *
   * @throws FerryException {@link ErrorCode#USAGE} for an unknown name
   */
  public static ScriptDialect of(String name) {
    return switch (name == null ? "" : name) {
      case "postgres" -> POSTGRES;
      case "mysql" -> MYSQL;
      case "sqlserver" -> SQLSERVER;
      default -> throw new FerryException(ErrorCode.USAGE, "--dialect must be one of "
          + String.join(", ", ScriptFormat.DIALECTS) + ", not '" + name + "'");
    };
  }

  /** What would let the scripts load a NOT NULL cycle, for refusal messages. */
  public String relaxationHint() {
    return relaxations.isEmpty()
        ? "scripts for " + name + " do not switch foreign-key checks off: make one foreign key of"
            + " the cycle nullable or DEFERRABLE, or load that cycle with 'ferry copy'"
        : "scripts for " + name + " load such cycles with FOREIGN_KEY_CHECKS = 0";
  }

  /** A pause statement. */
  String sleep(int millis) {
    String seconds = String.format("%d.%03d", millis / 1000, millis % 1000);
    String clock = String.format("%02d:%02d:%02d.%03d", millis / 3_600_000,
        millis / 60_000 % 60, millis / 1000 % 60, millis % 1000);
    return String.format(sleep, seconds, clock);
  }

  /** The guard table's DDL, created when missing. */
  String createGuard(String table) {
    SqlLiterals q = literals;
    // ASCII columns as VARCHAR: SQL Server's 900-byte key limit leaves room for 386-character names
    String columns = q.identifier("script_fingerprint") + " VARCHAR(80)"
        + " NOT NULL, " + q.identifier("direction") + " VARCHAR(10)"
        + " NOT NULL, " + q.identifier("column_name") + " " + String.format(textType, 400)
        + " NOT NULL, " + q.identifier("batch") + " INTEGER NOT NULL, "
        + q.identifier("applied_at") + " " + timestampType + " NOT NULL, PRIMARY KEY ("
        + q.identifier("script_fingerprint") + ", " + q.identifier("column_name") + ", "
        + q.identifier("batch") + ")";
    return String.format(createIfMissing, q.identifier(table), q.string(table), columns);
  }
}
