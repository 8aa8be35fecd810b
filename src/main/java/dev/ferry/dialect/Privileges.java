package dev.ferry.dialect;

import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What the connected principal may not do of what a run needs on a target, and how a message
 * names the principal and the statement granting what it lacks. A part of {@link Dialect}.
 */
public interface Privileges extends Identifiers {

  /**
   * Reasons the connected principal cannot do what the run needs on this target: privileges it
   * lacks on the tables it loads, updates, deletes from or empties, on the sequences it moves, on
   * the constraints it sets aside, and on ferry's state tables (writing them where they exist,
   * creating them where they do not); row-level security it cannot bypass. Each reason names what
   * is missing where, and the statement that grants it. Read only: the preflight asks on a
   * read-only connection, before anything is written. Empty where the engine gives no way to tell
   * (the run then fails at its first write instead).
   */
  default List<String> writeProblems(Connection connection, WriteNeeds needs)
      throws SQLException {
    return List.of();
  }

  /** The connected principal as a GRANT statement names it ({@code "role"}, {@code 'u'@'h'}). */
  default String principal(Connection connection) throws SQLException {
    return quote(connection.getMetaData().getUserName());
  }

  /**
   * A statement granting privileges on a table to a principal (as {@link #principal} names it),
   * or null where the engine has no privileges (SQLite).
   */
  default String grant(String privileges, TableName table, String principal) {
    return "GRANT " + privileges + " ON " + qualify(table) + " TO " + principal;
  }
}
