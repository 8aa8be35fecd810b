package dev.ferry.copy;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A run touches only the tables it selected. Emptying a target table (--truncate-target) that a
 * table left out of the run refers to would reach that table too: ON DELETE CASCADE deletes its
 * rows, SET NULL rewrites them, and with the session's checks off they are left pointing at
 * nothing. So preflight refuses when such a table holds a reference; then the tables are
 * emptied ({@link Dialect#truncate}), only they.
 */
final class TruncateCheck {

  private TruncateCheck() {}

  /** One problem per foreign key of a table outside the run that refers to an emptied one. */
  static List<String> problems(CopyPlan plan, Catalog target, Connection c, Dialect dialect)
      throws SQLException {
    Set<TableName> emptied = new HashSet<>();
    plan.steps().forEach(s -> s.tables().stream().filter(t -> !t.isFixup())
        .forEach(t -> emptied.add(t.target())));
    List<String> problems = new ArrayList<>();
    // an engine that empties with TRUNCATE (PostgreSQL) refuses a table any other table refers
    // to, rows or none; the others delete, which only rows that refer can stop
    boolean truncates = "TRUNCATE".equals(dialect.truncateEvent());
    for (Table child : target.tables()) {
      if (emptied.contains(child.name())) {
        continue;
      }
      for (ForeignKey fk : child.foreignKeys()) {
        if (!emptied.contains(fk.parent())) {
          continue;
        }
        if (!holdsReferences(c, dialect, child.name(), fk)) {
          if (truncates) {
            problems.add("target table " + child.name() + " is not part of this run but refers"
                + " to " + fk.parent() + " (" + fk.name() + "): TRUNCATE refuses to empty "
                + fk.parent() + " for --truncate-target while another table refers to it, even"
                + " an empty one, and ferry never truncates with CASCADE. Include "
                + child.name() + " in the run, drop that foreign key, or empty the tables"
                + " yourself and leave out --truncate-target.");
          }
          continue;
        }
        problems.add("target table " + child.name() + " is not part of this run but refers to "
            + fk.parent() + " (" + fk.name() + ", ON DELETE " + fk.onDelete() + ") and holds"
            + " references: emptying " + fk.parent() + " for --truncate-target would delete,"
            + " change or orphan its rows. Include " + child.name() + " in the run, or empty it"
            + " first.");
      }
    }
    return problems;
  }

  /** Empties the run's target tables (--truncate-target), children first. */
  static void empty(JdbcTarget target, CopyPlan plan) {
    List<TableName> tables = new ArrayList<>();
    for (CopyPlan.Step step : plan.steps()) {
      step.tables().stream().filter(t -> !t.isFixup()).forEach(t -> tables.add(t.target()));
    }
    java.util.Collections.reverse(tables);
    try {
      // a table loading as key ranges is named once
      target.dialect().truncate(target.control(), tables.stream().distinct().toList());
    } catch (SQLException e) {
      throw target.failure("emptying the target tables (--truncate-target)", e);
    }
  }

  private static boolean holdsReferences(Connection c, Dialect dialect, TableName child,
      ForeignKey fk) throws SQLException {
    String notNull = fk.columns().stream().map(col -> dialect.quote(col) + " IS NOT NULL")
        .collect(Collectors.joining(" AND "));
    try (Statement s = c.createStatement()) {
      s.setMaxRows(1);
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM " + dialect.qualify(child) + " WHERE "
          + notNull)) {
        return rs.next();
      }
    }
  }
}
