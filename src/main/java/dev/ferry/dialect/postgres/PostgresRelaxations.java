package dev.ferry.dialect.postgres;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The ways the connected role may relax foreign-key checks on PostgreSQL: the replica role, for
 * a superuser; dropping and re-creating a constraint, for the owner of every table involved.
 */
final class PostgresRelaxations {

  private static final String OWNS_ALL_SQL =
      """
      SELECT count(*) FILTER (WHERE NOT pg_has_role(c.relowner, 'USAGE'))
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (?)
      """;

  private PostgresRelaxations() {}

  /** Most preferred first; empty when the role may use neither. */
  static List<CheckRelaxation> of(Connection c, Collection<TableName> tables)
      throws SQLException {
    List<CheckRelaxation> ways = new ArrayList<>();
    if ("true".equals(SqlQueries.scalar(c,
        "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))) {
      ways.add(CheckRelaxation.SESSION_REPLICATION_ROLE);
    }
    String[] schemas = SqlQueries.schemasOf(tables).toArray(String[]::new);
    try (PreparedStatement ps = c.prepareStatement(OWNS_ALL_SQL)) {
      ps.setArray(1, c.createArrayOf("text", schemas));
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getLong(1) == 0) {
          ways.add(CheckRelaxation.DROP_AND_RECREATE_CONSTRAINT);
        }
      }
    }
    return ways;
  }
}
