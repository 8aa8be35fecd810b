package dev.ferry.dialect.sqlite;

import dev.ferry.catalog.TableName;
import java.util.Map;
import java.util.Set;

/** Opens the SQLite dialect's package-private DDL reading to tests in other packages. */
public final class SqliteDialectAccess {
  private SqliteDialectAccess() {}

  public static Map<TableName, String> deferrability(String ddl, Set<TableName> tables) {
    return SqliteDialect.deferrability(ddl, tables);
  }
}
