package dev.ferry.dialect;

import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where and how ferry keeps its own state (runs, checkpoints) in a target: the tables, the
 * statements creating them, and the types of their columns. A part of {@link Dialect}.
 */
public interface StateTables extends Identifiers {

  /** The schema a connection works in when none is named ({@link Dialect#currentSchema}). */
  String currentSchema(Connection connection) throws SQLException;

  /** The table holding ferry's state {@code base} (run, checkpoint) in this engine. */
  default TableName stateTable(Connection connection, String base) throws SQLException {
    return new TableName(currentSchema(connection), "ferry_" + base);
  }

  /** Statements creating a state table if it is missing (and its schema, where it has one). */
  default List<String> createStateTable(TableName table, String columnsDdl) {
    return List.of("CREATE TABLE IF NOT EXISTS " + qualify(table) + " (" + columnsDdl + ")");
  }

  /**
   * Statements creating a missing state table; {@code schemaExists} leaves out creating its
   * schema, which engines refuse to a principal that may create tables in the schema but not
   * schemas (PostgreSQL checks that privilege before it looks whether the schema exists).
   */
  default List<String> createStateTable(TableName table, String columnsDdl,
      boolean schemaExists) {
    return createStateTable(table, columnsDdl);
  }

  /** The type for short texts (ids, names) in state tables. */
  default String stateKeyType() {
    return "VARCHAR(255)";
  }

  /** The type for long texts (keys as JSON, descriptions) in state tables. */
  default String stateTextType() {
    return "VARCHAR(4000)";
  }

  /** The type for texts of any length in state tables (a journal's before-images). */
  default String stateLongTextType() {
    return stateTextType();
  }
}
