package dev.ferry.dialect.sqlite;

import dev.ferry.catalog.Check;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.create.table.CheckConstraint;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;

/**
 * SQLite keeps a table's check constraints only in the text of its {@code CREATE TABLE} ({@code
 * sqlite_master.sql}), which JSqlParser parses: the table's {@code CHECK}s and its columns'. An
 * unnamed one gets the name {@code ""} (the DDL writer names it). A {@code CREATE TABLE} that
 * holds the word CHECK but does not parse gives one check of name and condition {@code ""},
 * which the DDL writer leaves out with a note rather than losing it silently.
 */
final class SqliteChecks {

  private SqliteChecks() {}

  static Map<TableName, List<Check>> read(Connection c, Collection<Table> tables)
      throws SQLException {
    Map<TableName, List<Check>> result = new TreeMap<>();
    for (Table t : tables) {
      if (Table.VIEW.equals(t.kind())) {
        continue;
      }
      String sql = SqlQueries.scalar(c, "SELECT sql FROM sqlite_master WHERE type = 'table'"
          + " AND name = ?", t.name().name());
      if (sql == null || !sql.toUpperCase(Locale.ROOT).contains("CHECK")) {
        continue;
      }
      List<Check> checks = parse(sql);
      if (!checks.isEmpty()) {
        result.put(t.name(), checks);
      }
    }
    return result;
  }

  /** The checks of one {@code CREATE TABLE}, columns' first, in the order written. */
  static List<Check> parse(String sql) {
    List<Check> checks = new ArrayList<>();
    CreateTable create;
    try {
      create = (CreateTable) CCJSqlParserUtil.parse(sql, p -> p.withSquareBracketQuotation(true));
    } catch (Exception | Error e) {
      return List.of(new Check("", ""));
    }
    for (ColumnDefinition column : create.getColumnDefinitions()) {
      List<String> specs = column.getColumnSpecs() == null ? List.of() : column.getColumnSpecs();
      for (int i = 0; i + 1 < specs.size(); i++) {
        if (specs.get(i).equalsIgnoreCase("CHECK")) {
          boolean named = i >= 2 && specs.get(i - 2).equalsIgnoreCase("CONSTRAINT");
          checks.add(new Check(named ? unquote(specs.get(i - 1)) : "", specs.get(i + 1)));
        }
      }
    }
    if (create.getIndexes() != null) {
      create.getIndexes().stream().filter(CheckConstraint.class::isInstance)
          .map(CheckConstraint.class::cast)
          .forEach(k -> checks.add(new Check(k.getName() == null ? "" : unquote(k.getName()),
              k.getExpression().toString())));
    }
    return checks;
  }

  private static String unquote(String name) {
    if (name.length() >= 2 && (name.startsWith("\"") && name.endsWith("\"")
        || name.startsWith("`") && name.endsWith("`"))) {
      char q = name.charAt(0);
      return name.substring(1, name.length() - 1).replace(q + "" + q, q + "");
    }
    if (name.startsWith("[") && name.endsWith("]")) {
      return name.substring(1, name.length() - 1);
    }
    return name;
  }
}
