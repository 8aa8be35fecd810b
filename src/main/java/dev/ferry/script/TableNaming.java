package dev.ferry.script;

import dev.ferry.catalog.TableName;
import java.util.Set;

/**
 * How scripts name the source's tables in the target: in {@code targetSchema} when one is given;
 * else in the source's schema when both engines have schemas (a MariaDB database name says
 * nothing about the target); else unqualified, in the session's current schema or database.
 *
 * @param dialect the target dialect
 * @param keepSchemas whether the source's schemas are kept
 * @param targetSchema the schema given, or null
 */
record TableNaming(ScriptDialect dialect, boolean keepSchemas, String targetSchema) {

  static TableNaming of(ScriptDialect dialect, String sourceEngine, String targetSchema) {
    return new TableNaming(dialect, dialect.hasSchemas()
        && Set.of("postgres", "sqlserver", "h2").contains(sourceEngine), targetSchema);
  }

  /** The schema the scripts use for a table, or null. */
  String schema(TableName table) {
    return targetSchema != null ? targetSchema : keepSchemas ? table.schema() : null;
  }

  /** The quoted, qualified name. */
  String quoted(TableName table) {
    return dialect.literals().qualified(schema(table), table.name());
  }

  /** {@code schema.table.column} as the target knows it, unquoted: the remap guard's label. */
  String label(TableName table, String column) {
    String schema = schema(table);
    return (schema == null ? "" : schema + ".") + table.name() + "." + column;
  }
}
