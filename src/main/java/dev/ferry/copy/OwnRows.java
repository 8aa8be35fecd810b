package dev.ferry.copy;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * The rows of a target table a run counts as its own, to prove on resume that the table holds
 * what the run's checkpoints say (ResumeCheck): the table's own rows, not its inheritance
 * children's (PostgreSQL); in a tenant's run only the tenant's rows of a tenant table, those whose
 * tenant column holds its id, since other tenants' runs write the same tables
 * (docs/consolidate.md).
 */
final class OwnRows {

  private final Dialect dialect;
  private final Set<TableName> partitioned;
  private final MergePlan merges;

  /**
   * @param partitioned target tables that are partitioned parents (their rows are their
   *     partitions')
   * @param merges the run's tenant and its tables' tenant columns
   */
  OwnRows(Dialect dialect, Set<TableName> partitioned, MergePlan merges) {
    this.dialect = dialect;
    this.partitioned = Set.copyOf(partitioned);
    this.merges = merges;
  }

  /** How many rows of the table are the run's own. */
  long count(Connection c, TablePlan table) throws SQLException {
    String column = merges.tenantColumn(table);
    String sql = "SELECT COUNT(*) FROM " + dialect.ownRows(table.target(),
        partitioned.contains(table.target()))
        // as text: the tenant column may be of any type, the id is written as its value
        + (column == null ? "" : " WHERE " + dialect.asText(dialect.quote(column)) + " = ?");
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (column != null) {
        s.setString(1, merges.tenant());
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Whether {@code present} rows (as {@link #count}ed) are what the checkpoint says: the rows
   * before the run plus those it wrote; at least as many in a tenant's run for a table the
   * tenants share, to which other tenants' runs may add theirs.
   */
  boolean holds(long present, TablePlan table, Checkpoint checkpoint) {
    long expected = checkpoint.rowsBefore() + checkpoint.rowsWritten();
    return merges.shared(table) ? present >= expected : present == expected;
  }
}
