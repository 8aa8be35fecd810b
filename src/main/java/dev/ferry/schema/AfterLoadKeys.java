package dev.ferry.schema;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.UniqueKey;
import dev.ferry.dialect.Dialect;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The check constraints and foreign keys {@code copy --create-schema} creates after the load
 * ({@code 02-constraints.sql}'s statements), each checked against every loaded row as it is
 * created: the target's catalog as the load sees it (without them), and creating the ones the
 * target lacks. SQLite has none here: its checks and keys are inside {@code CREATE TABLE}.
 */
final class AfterLoadKeys {

  private AfterLoadKeys() {}

  /** {@code sha256:} over every statement of the planned schema, before and after the load. */
  static String fingerprint(DdlWriter.Ddl ddl) {
    return Json.fingerprint(List.of(ddl.tables(), ddl.constraints()));
  }

  /**
   * The target's catalog without the foreign keys and unique constraints the DDL creates after
   * the load (a unique by its columns: H2 names its index otherwise), and without the primary
   * keys of the tables in {@code waiting}, created without them.
   */
  static Catalog beforeLoad(DdlWriter.Ddl ddl, Catalog target,
      List<DdlWriter.TableDdl> waiting) {
    Set<String> later = new HashSet<>();
    ddl.statements().foreignKeys().forEach(k -> later.add(key(k.table().name(), k.name())));
    Set<String> laterUniques = new HashSet<>();
    ddl.statements().uniques().forEach(u -> laterUniques.add(unique(u.table().name(),
        u.columns())));
    Set<String> keyless = new HashSet<>();
    waiting.forEach(t -> keyless.add(t.table().name().toLowerCase(Locale.ROOT)));
    if (later.isEmpty() && laterUniques.isEmpty() && keyless.isEmpty()) {
      return target;
    }
    List<Table> tables = new ArrayList<>();
    for (Table t : target.tables()) {
      List<ForeignKey> kept = t.foreignKeys().stream()
          .filter(k -> !later.contains(key(t.name().name(), k.name()))).toList();
      List<UniqueKey> uniques = t.uniqueKeys().stream()
          .filter(u -> !laterUniques.contains(unique(t.name().name(), u.columns()))).toList();
      boolean waits = keyless.contains(t.name().name().toLowerCase(Locale.ROOT));
      tables.add(new Table(t.name(), t.kind(), t.columns(), waits ? null : t.primaryKey(),
          uniques, kept,
          t.triggers(), t.parents(), t.hasChildren()));
    }
    return new Catalog(target.formatVersion(), target.engine(), target.database(),
        target.schemas(), target.filter(), tables, Json.fingerprint(tables));
  }

  /**
   * Creates the foreign keys the target does not have yet (by table and name, ignoring case), in
   * the DDL's order; on MariaDB with {@code foreign_key_checks} on, so that each is checked.
   *
   * @return the keys created, as {@code table.name}
   * @throws FerryException code VERIFICATION_FAILED for a key the loaded rows break, naming it
   */
  static List<String> create(DdlWriter.Ddl ddl, Dialect dialect, Connection c)
      throws SQLException {
    Set<String> present = new HashSet<>();
    List<Table> target = TargetSchema.readTarget(c, dialect).tables();
    for (Table t : target) {
      t.foreignKeys().forEach(k -> present.add(key(t.name().name(), k.name())));
    }
    if (!ddl.statements().checks().isEmpty()) {
      dialect.checks(c, target).forEach((t, checks) -> checks.forEach(k -> present.add(
          key(t.name(), k.name()))));
    }
    Set<String> uniques = new HashSet<>();
    target.forEach(t -> t.uniqueKeys().forEach(u -> uniques.add(unique(t.name().name(),
        u.columns()))));
    List<String> created = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      // first: a foreign key needs the unique key it references
      for (DdlWriter.UniqueDdl u : ddl.statements().uniques()) {
        if (!uniques.contains(unique(u.table().name(), u.columns()))) {
          create(List.of(u.statement()), "unique constraint", FIX_UNIQUE, Set.of(), s, created);
        }
      }
    }
    created.addAll(createIndexes(ddl, c));
    try (Statement s = c.createStatement()) {
      if (dialect.id().equals("mariadb")) {
        s.execute("SET SESSION foreign_key_checks = 1");
      }
      create(ddl.statements().checks(), "check constraint", "the rows that break it", present,
          s, created);
      create(ddl.statements().foreignKeys(), "foreign key", "the rows that break it (ferry"
          + " verify lists orphans)", present, s, created);
    }
    return created;
  }

  /**
   * Each foreign key {@link #create} creates, by the source's key ({@code schema.table.constraint},
   * as a load order's edge names it), to its name in {@link #create}'s list ({@code table.name}).
   */
  static Map<String, String> bySource(DdlWriter.Ddl ddl) {
    Map<String, String> keys = new HashMap<>();
    for (DdlWriter.ForeignKeyDdl k : ddl.statements().foreignKeys()) {
      keys.put(k.table().qualified() + "." + k.source(), listed(k));
    }
    return keys;
  }

  /** A constraint as {@link #create} lists it, and {@link #bySource} maps to it. */
  private static String listed(DdlWriter.ForeignKeyDdl k) {
    return k.table().name() + "." + k.name();
  }

  /** Creates each constraint the target lacks; one that rows break fails naming it. */
  private static void create(List<DdlWriter.ForeignKeyDdl> wanted, String what, String fix,
      Set<String> present, Statement s, List<String> created) throws SQLException {
    for (DdlWriter.ForeignKeyDdl k : wanted) {
      if (present.contains(key(k.table().name(), k.name()))) {
        continue;
      }
      try {
        s.execute(k.sql());
      } catch (SQLException e) {
        throw failed(what, k, e, fix);
      }
      created.add(listed(k));
    }
  }

  /** What to fix when a unique constraint cannot be created. */
  static final String FIX_UNIQUE = "the rows that break it (those that repeat the values of its"
      + " columns: the target's equality, collation and types decide)";

  /** A constraint that the loaded rows break: named, with its table and what to do. */
  static FerryException failed(String what, DdlWriter.ForeignKeyDdl k, SQLException e,
      String fix) {
    return new FerryException(ErrorCode.VERIFICATION_FAILED, "the " + what + " " + k.name()
        + " of " + k.table().name() + " could not be created after the load: "
        + e.getMessage() + ". The rows are loaded; the " + what + " is not. Either change "
        + fix + " in the target with UPDATE (not DELETE: a resume refuses rows removed behind"
        + " its back; ferry verify then reports the changed rows as differing from the source)"
        + " and run the same command with --resume to create the constraints still missing, or"
        + " fix them in the source (or the cast rule that made them break it), drop the tables"
        + " this run created and copy again.", e);
  }

  /** A unique key by its table and columns, ignoring case. */
  private static String unique(String table, List<String> columns) {
    return key(table, String.join("\u0000", columns));
  }

  /**
   * Builds on connections of their own (PostgreSQL) the primary keys of the tables created
   * without them ({@code waiting}), then the unique constraints, then the secondary indexes, the
   * target lacks: each table's on one connection, its key first, each committed by itself. A
   * table that has a primary key, or a unique key under any name, does not get it again.
   */
  static List<String> buildOutside(DdlWriter.Ddl ddl, Dialect dialect, IndexBuilds.Opener opener,
      int parallel, List<DdlWriter.TableDdl> waiting) throws SQLException {
    Set<String> present = new HashSet<>();
    Set<String> keyed = new HashSet<>();
    if (!ddl.statements().uniques().isEmpty() || !waiting.isEmpty()) {
      try (Connection c = opener.open()) {
        for (Table t : TargetSchema.readTarget(c, dialect).tables()) {
          t.uniqueKeys().forEach(u -> present.add(unique(t.name().name(), u.columns())));
          if (t.primaryKey() != null) {
            keyed.add(t.name().name().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    Set<DdlWriter.ForeignKeyDdl> uniques = new java.util.LinkedHashSet<>();
    // named as PostgreSQL names a key it is not given a name for, in messages
    waiting.stream().filter(t -> !keyed.contains(t.table().name().toLowerCase(Locale.ROOT)))
        .forEach(t -> uniques.add(new DdlWriter.ForeignKeyDdl(t.table(), t.table().name()
            + "_pkey", t.addKey())));
    ddl.statements().uniques().stream().filter(u -> !present.contains(unique(u.table().name(),
        u.columns()))).forEach(u -> uniques.add(u.statement()));
    List<DdlWriter.ForeignKeyDdl> wanted = new ArrayList<>(uniques);
    wanted.addAll(ddl.statements().indexes());
    return IndexBuilds.parallel(wanted, opener, parallel, uniques);
  }

  /**
   * Creates the secondary indexes the target does not have yet, in the DDL's order, before the
   * foreign keys: a MariaDB key then uses the index on its columns rather than making one of
   * its own. Where they were built on connections of their own first ({@link IndexBuilds}),
   * none is missing here.
   */
  private static List<String> createIndexes(DdlWriter.Ddl ddl, Connection c)
      throws SQLException {
    return IndexBuilds.serial(ddl.statements().indexes(), c);
  }

  private static String key(String table, String name) {
    return table.toLowerCase(Locale.ROOT) + "\u0000" + name.toLowerCase(Locale.ROOT);
  }
}
