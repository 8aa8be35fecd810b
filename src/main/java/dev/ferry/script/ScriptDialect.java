package dev.ferry.script;

import dev.ferry.api.ScriptFormat;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.Table;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
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
 * @param sleep pauses: {@code %1$s} seconds with three decimals, {@code %2$s} as {@code
 *     hh:mm:ss.fff}
 * @param createIfMissing {@code %1$s} quoted table, {@code %2$s} the table name as a string
 *     literal, {@code %3$s} the column definitions
 * @param textType a string column type for the guard table, {@code %d} the length
 * @param timestampType a timestamp column type
 * @param relaxation how the script loads a NOT NULL cycle of keys that are not deferrable
 * @param uniquePerRow whether the engine checks a unique key row by row as an UPDATE goes (a
 *     swap of unique values in one statement then fails), rather than at the statement's end
 * @param runHint how to run a script so that it stops at the first error
 */
public record ScriptDialect(String name, String engineId, SqlLiterals literals,
    boolean hasSchemas, List<String> preamble, String begin, String commit, String separator,
    String deferAll, String overriding, String identityOn, String identityOff, String reset,
    boolean resetPerTable, boolean resetNeedsMax, String sleep,
    String createIfMissing, String textType, String timestampType,
    Relaxation relaxation, boolean uniquePerRow, String runHint) {

  /**
   * How a script loads the rows of a NOT NULL cycle (or self-reference) whose keys are not
   * deferrable: inside the one transaction that holds the cycle's tables, the checks are relaxed
   * before the rows and made real again after them, before the commit. Formats: {@code %1$s} the
   * quoted child table, {@code %2$s} the quoted constraint, {@code %3$s} its quoted columns,
   * {@code %4$s} the quoted parent, {@code %5$s} the parent's quoted columns, {@code %6$s} its
   * rules ({@code ON DELETE ...}, {@code DEFERRABLE ...}).
   *
   * @param kind the relaxation, for the load order
   * @param checksOff a statement that switches every foreign-key check of the session off, or
   *     null; then {@code checksOn} switches them on again and the script proves every key of the
   *     cycle's tables with a query before the commit (the engine does not check them again)
   * @param checksOn the statement that switches them on again, or null
   * @param relaxKey a statement per relaxed key, before the rows, or null
   * @param restoreKey a statement per relaxed key, after the rows; the engine checks every row
   *     against it, or null
   * @param note the manifest's note: {@code %1$s} the file, {@code %2$s} the keys, {@code %3$s}
   *     the tables
   */
  public record Relaxation(CheckRelaxation kind, String checksOff, String checksOn,
      String relaxKey, String restoreKey, String note) {}

  private static final ScriptDialect POSTGRES = new ScriptDialect("postgres", "postgres",
      SqlLiterals.POSTGRES, true,
      List.of("SET client_encoding = 'UTF8'", "SET standard_conforming_strings = on"),
      "BEGIN", "COMMIT", null, "SET CONSTRAINTS ALL DEFERRED", " OVERRIDING SYSTEM VALUE", null,
      null, "SELECT setval(pg_get_serial_sequence(%1$s, %2$s), COALESCE(MAX(%3$s), 1),"
          + " MAX(%3$s) IS NOT NULL) FROM %4$s", false, false, "SELECT pg_sleep(%1$s)",
      "CREATE TABLE IF NOT EXISTS %1$s (%3$s)", "VARCHAR(%d)", "TIMESTAMP",
      // transactional DDL: adding the key back checks every row, and a failure undoes the drop
      new Relaxation(CheckRelaxation.DROP_AND_RECREATE_CONSTRAINT, null, null,
          "ALTER TABLE %1$s DROP CONSTRAINT %2$s",
          "ALTER TABLE %1$s ADD CONSTRAINT %2$s FOREIGN KEY (%3$s) REFERENCES %4$s (%5$s)%6$s",
          "%1$s drops the foreign keys %2$s and adds them again, which checks every row, in its"
              + " transaction: run it as the owner of the tables"),
      true, "psql -v ON_ERROR_STOP=1 -f FILE");
  private static final ScriptDialect MYSQL = new ScriptDialect("mysql", "mariadb",
      SqlLiterals.MYSQL, false,
      List.of("SET NAMES utf8mb4",
          // backslash escapes on (the literals use them); strict, so that a value the column
          // cannot hold fails the file instead of being clipped with a warning (no empty item
          // left between commas, which not every server reads)
          "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(REPLACE(REPLACE(REPLACE("
              + "@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES,', ''), ',NO_BACKSLASH_ESCAPES', ''),"
              + " 'NO_BACKSLASH_ESCAPES', ''), ''), 'STRICT_ALL_TABLES')"),
      "START TRANSACTION", "COMMIT", null, null, "", null, null,
      "ALTER TABLE %4$s AUTO_INCREMENT = %5$s", true, true,
      "SELECT SLEEP(%1$s)", "CREATE TABLE IF NOT EXISTS %1$s (%3$s)", "VARCHAR(%d)",
      "DATETIME(6)",
      // DDL commits in MySQL: the checks go off for the transaction, and a query proves the keys
      new Relaxation(CheckRelaxation.SESSION_FOREIGN_KEY_CHECKS_OFF,
          "SET SESSION FOREIGN_KEY_CHECKS = 0", "SET SESSION FOREIGN_KEY_CHECKS = 1", null, null,
          "%1$s loads %3$s with foreign-key checks off in one transaction; every reference is"
              + " proven before the commit"),
      true, "mysql --default-character-set=utf8mb4 DATABASE < FILE");
  private static final ScriptDialect SQLSERVER = new ScriptDialect("sqlserver", "sqlserver",
      // ANSI_WARNINGS: a value the column cannot hold fails instead of being cut or set NULL
      SqlLiterals.SQLSERVER, true, List.of("SET XACT_ABORT ON", "SET NOCOUNT ON",
          "SET QUOTED_IDENTIFIER ON", "SET ANSI_WARNINGS ON"),
      "BEGIN TRANSACTION", "COMMIT TRANSACTION", "GO", null, "",
      "IF OBJECTPROPERTY(OBJECT_ID(%1$s), 'TableHasIdentity') = 1 SET IDENTITY_INSERT %2$s ON",
      "IF OBJECTPROPERTY(OBJECT_ID(%1$s), 'TableHasIdentity') = 1 SET IDENTITY_INSERT %2$s OFF",
      "IF OBJECTPROPERTY(OBJECT_ID(%1$s), 'TableHasIdentity') = 1 DBCC CHECKIDENT (%1$s, RESEED)",
      true, false, "WAITFOR DELAY '%2$s'",
      "IF OBJECT_ID(%2$s, 'U') IS NULL CREATE TABLE %1$s (%3$s)", "NVARCHAR(%d)", "DATETIME2",
      // WITH CHECK checks every row and makes the constraint trusted again
      new Relaxation(CheckRelaxation.DISABLE_CONSTRAINT, null, null,
          "ALTER TABLE %1$s NOCHECK CONSTRAINT %2$s",
          "ALTER TABLE %1$s WITH CHECK CHECK CONSTRAINT %2$s",
          "%1$s disables the foreign keys %2$s and checks them again WITH CHECK in its"
              + " transaction: run it with ALTER permission on the tables"),
      false, "sqlcmd -b -I -f 65001 -i FILE");

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

  /** The relaxations the load order may plan with. */
  public List<CheckRelaxation> relaxations() {
    return List.of(relaxation.kind());
  }

  /**
   * What else would load a cycle, completing the planner's "To unblock it: ..., or" (scripts of
   * every dialect relax checks, so no script run is refused for a cycle).
   */
  public String relaxationHint() {
    return "load that cycle with 'ferry copy'";
  }

  /**
   * The load order as scripts load it: a cycle whose checks are relaxed loads in one file and one
   * transaction, like a deferred one, so that the checks are real again before anything of it is
   * committed.
   */
  public LoadOrder scriptOrder(LoadOrder order) {
    List<LoadOrder.Cycle> cycles = order.cycles().stream().map(c -> c.relaxation() != null
        && !c.oneTransaction() ? new LoadOrder.Cycle(c.kind(), c.tables(), c.constraints(),
            c.plan(), c.breaks(), true, c.relaxation(), c.orphanCheckRequired(), c.message()) : c)
        .toList();
    return new LoadOrder(order.formatVersion(), order.catalogFingerprint(), order.target(),
        order.status(), order.order(), order.edges(), cycles, order.selfCheck());
  }

  /**
   * The catalog as scripts of this dialect can load it: where the dialect has no deferrable
   * constraints, the source's DEFERRABLE foreign keys count as not deferrable, so that the plan
   * relaxes checks for their cycles (mysql) or refuses them, instead of deferring.
   */
  public Catalog planningCatalog(Catalog source) {
    if (deferAll != null) {
      return source;
    }
    List<Table> tables = source.tables().stream().map(t -> new Table(t.name(), t.kind(),
        t.columns(), t.primaryKey(), t.uniqueKeys(), t.foreignKeys().stream()
            .map(fk -> new ForeignKey(fk.name(), fk.columns(), fk.parent(), fk.parentColumns(),
                fk.onDelete(), fk.onUpdate(), ForeignKey.NOT_DEFERRABLE)).toList(),
        t.triggers(), t.parents(), t.hasChildren())).toList();
    return new Catalog(source.formatVersion(), source.engine(), source.database(),
        source.schemas(), source.filter(), tables, source.fingerprint());
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
