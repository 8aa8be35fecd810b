package dev.ferry.schema;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Index;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.UniqueKey;
import dev.ferry.dialect.Identifiers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * The text of {@code 01-tables.sql} and {@code 02-constraints.sql} for a catalog whose every
 * column type is known. Tables are written in name order (the foreign keys, which need an order,
 * come after every table), unqualified, so they land in the schema or database the files are run
 * in. The same catalog gives the same text.
 */
final class DdlWriter {

  /**
   * What was written.
   *
   * @param tables the text of {@code 01-tables.sql}
   * @param constraints the text of {@code 02-constraints.sql}
   * @param notes every decision that lost something, in the order of the files
   * @param tableCount tables created
   * @param foreignKeyCount foreign keys created
   * @param statements the same DDL as statements to run, without the files' comments and
   *     preamble
   */
  record Ddl(String tables, String constraints, List<String> notes, int tableCount,
      int foreignKeyCount, Statements statements) {}

  /**
   * The DDL as statements, for {@code copy --create-schema}: the same text the files hold.
   *
   * @param types PostgreSQL enum types: name to {@code CREATE TYPE}, by name
   * @param tables each table's {@code CREATE TABLE}, in name order
   * @param foreignKeys each {@code ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY}; empty where
   *     they are inside {@code CREATE TABLE} (SQLite)
   * @param indexes each secondary index's {@code CREATE INDEX}, by table and name: after the
   *     load, before the foreign keys (a MariaDB key uses the index on its columns)
   * @param comments each {@code COMMENT ON} (PostgreSQL, H2), by table in name order: right
   *     after the tables; empty where comments are inside {@code CREATE TABLE} (MySQL)
   * @param checks each check constraint's {@code ALTER TABLE ... ADD CONSTRAINT ... CHECK}, by
   *     table and name: after the load, after the indexes; empty where they are inside {@code
   *     CREATE TABLE} (SQLite)
   * @param uniques each unique constraint's {@code ALTER TABLE ... ADD CONSTRAINT ... UNIQUE}, by
   *     table and name: after the load, first (a foreign key needs the unique key it references);
   *     without those kept in {@code CREATE TABLE} (SQLite's all, and those {@link
   *     DdlWriter#DdlWriter the caller} keeps for the load)
   */
  record Statements(Map<String, String> types, List<TableDdl> tables,
      List<ForeignKeyDdl> foreignKeys, List<ForeignKeyDdl> indexes, List<TableDdl> comments,
      List<ForeignKeyDdl> checks, List<UniqueDdl> uniques) {}

  /**
   * One table's {@code CREATE TABLE}.
   *
   * @param sql as {@code 01-tables.sql} has it
   * @param keyless the same without its primary key, which {@code addKey} adds after the load
   *     (PostgreSQL: building the key over loaded rows costs less than maintaining it row by
   *     row); null where the key stays in {@code CREATE TABLE}
   * @param addKey {@code ALTER TABLE ... ADD PRIMARY KEY}; null with {@code keyless}
   */
  record TableDdl(TableName table, String sql, String keyless, String addKey) {
    TableDdl(TableName table, String sql) {
      this(table, sql, null, null);
    }
  }

  /**
   * One foreign key's {@code ALTER TABLE} (or index's {@code CREATE INDEX}), its name, and the
   * source's name of the key (the name itself for an index or a check).
   */
  record ForeignKeyDdl(TableName table, String name, String sql, String source) {
    ForeignKeyDdl(TableName table, String name, String sql) {
      this(table, name, sql, name);
    }
  }

  /** One unique constraint's {@code ALTER TABLE}, its name and columns (as the source's). */
  record UniqueDdl(TableName table, String name, List<String> columns, String sql) {
    ForeignKeyDdl statement() {
      return new ForeignKeyDdl(table, name, sql);
    }
  }

  private final Catalog catalog;
  private final Map<TableName, Map<String, SourceType>> types;
  private final TargetDialect d;
  private final Identifiers q;
  private final ConstraintNames names = new ConstraintNames();
  private final Map<String, String> createTypes = new TreeMap<>();
  private final List<String> notes = new ArrayList<>();
  private final BiPredicate<Table, UniqueKey> keep;
  /** The name the last written foreign key got. */
  private String lastForeignKey;
  /** The current table's {@code CREATE TABLE} without its primary key, or null. */
  private String keyless;
  /** The current table's unique constraints created after the load, with their names. */
  private final Map<String, UniqueKey> laterUniques = new java.util.LinkedHashMap<>();

  /**
   * @param keep the unique keys that stay in {@code CREATE TABLE} besides the table's own key
   *     (a table without a primary key is read and resumed by a unique key, {@link
   *     TableMatch#keyOf}, which always stays)
   */
  DdlWriter(Catalog catalog, Map<TableName, Map<String, SourceType>> types, TargetDialect d,
      Identifiers q, BiPredicate<Table, UniqueKey> keep) {
    this.catalog = catalog;
    this.types = types;
    this.d = d;
    this.q = q;
    this.keep = keep;
    catalog.tables().forEach(t -> names.reserve(t.name().name()));
  }

  Ddl write(String header) {
    List<Table> tables = catalog.tables().stream().filter(t -> !Table.VIEW.equals(t.kind()))
        .sorted(java.util.Comparator.comparing(Table::name)).toList();
    Set<TableName> created = new HashSet<>();
    tables.forEach(t -> created.add(t.name()));
    List<String> creates = new ArrayList<>();
    List<String> alters = new ArrayList<>();
    List<TableDdl> tableStatements = new ArrayList<>();
    List<ForeignKeyDdl> keyStatements = new ArrayList<>();
    List<ForeignKeyDdl> indexStatements = new ArrayList<>();
    List<TableDdl> commentStatements = new ArrayList<>();
    List<ForeignKeyDdl> checkStatements = new ArrayList<>();
    List<UniqueDdl> uniqueStatements = new ArrayList<>();
    List<String> uniques = new ArrayList<>();
    List<String> indexes = new ArrayList<>();
    List<String> checks = new ArrayList<>();
    int foreignKeys = 0;
    for (Table table : tables) {
      List<String> tableNotes = new ArrayList<>();
      List<String> fks = new ArrayList<>();
      List<String[]> fkNames = new ArrayList<>(); // the name in the target, the source's
      for (ForeignKey fk : table.foreignKeys().stream()
          .sorted(java.util.Comparator.comparing(ForeignKey::name)).toList()) {
        String sql = foreignKey(table, fk, created, tableNotes);
        if (sql != null) {
          fks.add(sql);
          fkNames.add(new String[] {lastForeignKey, fk.name()});
        }
      }
      foreignKeys += fks.size();
      List<String[]> tableChecks = checks(table, tableNotes);
      List<String> inline = new ArrayList<>();
      if (d.inlineForeignKeys()) {
        tableChecks.forEach(c -> inline.add("CONSTRAINT " + q.quoteForFile(c[0]) + " CHECK "
            + c[1]));
        inline.addAll(fks);
      }
      laterUniques.clear();
      String create = createTable(table, inline, tableNotes);
      laterUniques.forEach((name, u) -> {
        String alter = "ALTER TABLE " + q.quoteForFile(table.name().name()) + " ADD CONSTRAINT "
            + q.quoteForFile(name) + " UNIQUE (" + columns(u.columns()) + ")";
        uniques.add(alter + ";\n");
        uniqueStatements.add(new UniqueDdl(table.name(), name, u.columns(), alter));
      });
      StringBuilder described = new StringBuilder();
      for (String comment : CommentDdl.statements(table, d, q, tableNotes)) {
        described.append(comment).append(";\n");
        commentStatements.add(new TableDdl(table.name(), comment));
      }
      creates.add(comments(tableNotes) + create + ";\n" + described);
      tableStatements.add(keyless == null ? new TableDdl(table.name(), create)
          : new TableDdl(table.name(), create, keyless, "ALTER TABLE "
              + q.quoteForFile(table.name().name()) + " ADD PRIMARY KEY ("
              + columns(table.primaryKey().columns()) + ")"));
      for (Index index : table.indexes().stream().sorted(java.util.Comparator.comparing(
          Index::name)).toList()) {
        String why = IndexDdl.untranslatable(index, catalog.engine(), d,
            types.get(table.name()));
        int before = tableNotes.size();
        if (why != null) {
          tableNotes.add(table.name().name() + ": index " + index.name() + " left out: " + why);
          indexes.add(comments(tableNotes.subList(before, tableNotes.size())));
          continue;
        }
        String name = names.claim(IndexDdl.fits(index.name(), d) ? index.name() : null,
            IndexDdl.derivedName(table, index, d), tableNotes, table.name().name());
        String sql = IndexDdl.create(table, index, name, catalog.engine(), d, q,
            types.get(table.name()), tableNotes);
        indexes.add(comments(tableNotes.subList(before, tableNotes.size())) + sql + ";\n");
        indexStatements.add(new ForeignKeyDdl(table.name(), name, sql));
      }
      notes.addAll(tableNotes);
      if (!d.inlineForeignKeys()) {
        // SQL Server: WITH CHECK, so that the key is trusted (checked against the rows loaded)
        String add = d.name().equals("sqlserver") ? " WITH CHECK ADD " : " ADD ";
        for (String[] c : tableChecks) {
          String alter = "ALTER TABLE " + q.quoteForFile(table.name().name()) + add
              + "CONSTRAINT " + q.quoteForFile(c[0]) + " CHECK " + c[1];
          checks.add(alter + ";\n");
          checkStatements.add(new ForeignKeyDdl(table.name(), c[0], alter));
        }
        for (int i = 0; i < fks.size(); i++) {
          String alter = "ALTER TABLE " + q.quoteForFile(table.name().name()) + add + fks.get(i);
          alters.add(alter + ";\n");
          keyStatements.add(new ForeignKeyDdl(table.name(), fkNames.get(i)[0], alter,
              fkNames.get(i)[1]));
        }
      }
    }
    StringBuilder first = new StringBuilder(header);
    d.preamble().forEach(s -> first.append(s).append(";\n"));
    createTypes.values().forEach(s -> first.append('\n').append(s).append(";\n"));
    creates.forEach(s -> first.append('\n').append(s));
    StringBuilder second = new StringBuilder(header);
    d.preamble().forEach(s -> second.append(s).append(";\n"));
    uniques.forEach(s -> second.append('\n').append(s));
    indexes.forEach(s -> second.append('\n').append(s));
    checks.forEach(s -> second.append('\n').append(s));
    if (d.inlineForeignKeys()) {
      second.append("\n-- SQLite cannot add a foreign key, a unique or a check to a table: they are in"
          + " 01-tables.sql\n");
    } else {
      alters.forEach(s -> second.append('\n').append(s));
    }
    return new Ddl(first.toString(), second.toString(), List.copyOf(notes), tables.size(),
        foreignKeys, new Statements(new TreeMap<>(createTypes), List.copyOf(tableStatements),
            List.copyOf(keyStatements), List.copyOf(indexStatements),
            List.copyOf(commentStatements), List.copyOf(checkStatements),
            List.copyOf(uniqueStatements)));
  }

  /**
   * The table's check constraints that translate, by name, as {name, condition}; a note for
   * each that does not.
   */
  private List<String[]> checks(Table table, List<String> tableNotes) {
    List<String[]> out = new ArrayList<>();
    for (var check : table.checks().stream().sorted(java.util.Comparator.comparing(
        dev.ferry.catalog.Check::name)).toList()) {
      String condition;
      try {
        condition = CheckExpression.translate(check.expression(), table, catalog.engine(), d, q);
      } catch (CheckExpression.Untranslatable e) {
        tableNotes.add(table.name().name() + ": check " + (check.name().isEmpty()
            ? "(unnamed)" : check.name()) + " left out: " + e.getMessage());
        continue;
      }
      String fallback = table.name().name() + "_check";
      String name = names.claim(IndexDdl.fits(check.name(), d) ? check.name() : null,
          IndexDdl.fits(fallback, d) ? fallback : "check", tableNotes, table.name().name());
      out.add(new String[] {name, condition});
    }
    return out;
  }

  private String createTable(Table table, List<String> fks, List<String> tableNotes) {
    if (!table.parents().isEmpty() || table.hasChildren()) {
      tableNotes.add(table.name() + ": inheritance and partitions are not reproduced; a plain"
          + " table for its own rows");
    }
    Set<String> keyed = new HashSet<>();
    Set<String> leading = new HashSet<>();
    if (table.primaryKey() != null) {
      keyed.addAll(table.primaryKey().columns());
      leading.add(table.primaryKey().columns().get(0));
    }
    table.uniqueKeys().forEach(u -> {
      keyed.addAll(u.columns());
      leading.add(u.columns().get(0));
    });
    table.foreignKeys().forEach(fk -> keyed.addAll(fk.columns()));
    boolean onePk = table.primaryKey() != null && table.primaryKey().columns().size() == 1;
    List<String> lines = new ArrayList<>();
    boolean rowidKey = false;
    for (Column c : table.columns()) {
      SourceType st = types.get(table.name()).get(c.name());
      String where = table.name().name() + "." + c.name();
      ColumnDdl.Place place = new ColumnDdl.Place(where, keyed.contains(c.name()),
          leading.contains(c.name()), onePk && table.primaryKey().columns().get(0)
              .equals(c.name()), enumType(table, c, st));
      ColumnDdl.Definition def = ColumnDdl.define(c, st, catalog.engine(), d, q, place,
          tableNotes);
      lines.add(def.sql() + CommentDdl.columnClause(table, c, d, tableNotes));
      rowidKey |= def.rowidKey();
      if (def.createType() != null) {
        createTypes.put(place.enumType(), def.createType());
      }
    }
    int keyLine = -1;
    if (table.primaryKey() != null && !rowidKey) {
      keyLine = lines.size();
      lines.add("PRIMARY KEY (" + columns(table.primaryKey().columns()) + ")");
    }
    Set<List<String>> uniques = new HashSet<>();
    List<String> key = table.primaryKey() == null ? TableMatch.keyOf(table) : List.of();
    for (var uk : table.uniqueKeys().stream()
        .sorted(java.util.Comparator.comparing(u -> u.name())).toList()) {
      if (uk.partial() && table.indexes().stream().anyMatch(i -> i.name().equals(uk.name()))) {
        continue; // a partial unique index: written (or noted) with the indexes
      } else if (uk.partial()) {
        tableNotes.add(table.name().name() + ": unique index " + uk.name() + " left out: it is"
            + " partial (unique only where its predicate holds), which ferry's catalog does not"
            + " carry");
      } else if (uniques.add(uk.columns())) {
        String name = names.claim(uk.name(), table.name().name() + "_"
            + String.join("_", uk.columns()) + "_key", tableNotes, table.name().name());
        if (d.inlineForeignKeys() || uk.columns().equals(key) || keep.test(table, uk)) {
          lines.add("CONSTRAINT " + q.quoteForFile(name) + " UNIQUE (" + columns(uk.columns())
              + ")");
        } else {
          laterUniques.put(name, uk);
        }
      }
    }
    lines.addAll(fks);
    String head = "CREATE TABLE " + q.quoteForFile(table.name().name()) + " (\n  ";
    keyless = null;
    if (keyLine >= 0 && d.name().equals("postgres")) {
      // PostgreSQL has no table clause (its comments are statements of their own)
      List<String> without = new ArrayList<>(lines);
      without.remove(keyLine);
      keyless = head + String.join(",\n  ", without) + "\n)";
    }
    return head + String.join(",\n  ", lines) + "\n)"
        + CommentDdl.tableClause(table, d, tableNotes);
  }

  /** {@code CONSTRAINT n FOREIGN KEY ...}, or null (with a note) when it cannot be written. */
  private String foreignKey(Table table, ForeignKey fk, Set<TableName> created,
      List<String> tableNotes) {
    String where = table.name().name() + " foreign key " + fk.name();
    if (!created.contains(fk.parent())) {
      tableNotes.add(where + " left out: its parent " + fk.parent() + " is not selected");
      return null;
    }
    String name = names.claim(fk.name(), table.name().name() + "_"
        + String.join("_", fk.columns()) + "_fkey", tableNotes, table.name().name());
    lastForeignKey = name;
    StringBuilder sql = new StringBuilder("CONSTRAINT ").append(q.quoteForFile(name))
        .append(" FOREIGN KEY (").append(columns(fk.columns())).append(") REFERENCES ")
        .append(q.quoteForFile(fk.parent().name())).append(" (").append(columns(fk.parentColumns()))
        .append(')');
    sql.append(rule("ON DELETE", fk.onDelete(), where, tableNotes));
    sql.append(rule("ON UPDATE", fk.onUpdate(), where, tableNotes));
    if (fk.deferrable() && d.deferrable()) {
      sql.append(" DEFERRABLE INITIALLY ").append("initially-deferred"
          .equals(fk.deferrability()) ? "DEFERRED" : "IMMEDIATE");
    } else if (fk.deferrable()) {
      tableNotes.add(where + ": DEFERRABLE left out (" + d.name() + " checks every key at once)");
    }
    return sql.toString();
  }

  private String rule(String clause, String rule, String where, List<String> tableNotes) {
    String r = rule == null ? "NO ACTION" : rule.toUpperCase(Locale.ROOT);
    // MariaDB reports NO ACTION as RESTRICT, its synonym there: elsewhere RESTRICT is stricter
    // (checked at once, never deferred), so the source's meaning is NO ACTION
    if (r.equals("NO ACTION") || r.equals("RESTRICT") && catalog.engine().equals("mariadb")) {
      return "";
    }
    if (!d.rules().contains(r)) {
      tableNotes.add(where + ": " + clause + " " + r + " left out (" + d.name() + " has no such"
          + " rule); NO ACTION instead");
      return "";
    }
    return " " + clause + " " + r;
  }

  /** The name of the enum type a PostgreSQL target creates: the source's, else table_column. */
  private String enumType(Table table, Column c, SourceType st) {
    if (st.type() != PortableType.ENUM) {
      return null;
    }
    if (catalog.engine().equals("postgres")) {
      String type = c.type();
      return type.substring(type.lastIndexOf('.') + 1).replace("\"", "");
    }
    return table.name().name() + "_" + c.name();
  }

  private String columns(List<String> cols) {
    return cols.stream().map(q::quoteForFile).collect(Collectors.joining(", "));
  }

  /** The notes as comments above a statement (a note never ends a statement early). */
  private static String comments(List<String> tableNotes) {
    return tableNotes.stream().map(n -> "-- note: " + n.replace(';', ',') + "\n")
        .collect(Collectors.joining());
  }
}
