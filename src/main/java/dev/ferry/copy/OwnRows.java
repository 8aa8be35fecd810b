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

  /**
   * How many rows of the table are the run's own. A tenant's rows are found by the value its id
   * is written as (a whole number as the integer it is: {@code 007} as {@code 7}); on PostgreSQL
   * compared in the tenant column's own type (the parameter's type left to the server), so that
   * an index on the column serves the count instead of a scan of every tenant's rows, elsewhere
   * as text, whatever the column's type.
   */
  long count(Connection c, TablePlan table) throws SQLException {
    String column = merges.tenantColumn(table);
    boolean typed = dialect.id().equals("postgres");
    String sql = "SELECT COUNT(*) FROM " + dialect.ownRows(table.target(),
        partitioned.contains(table.target()))
        + (column == null ? "" : " WHERE " + (typed ? dialect.quote(column)
            : dialect.asText(dialect.quote(column))) + " = ?");
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (column != null) {
        String id = written(merges.tenant());
        if (typed) {
          s.setObject(1, id, java.sql.Types.OTHER);
        } else {
          s.setString(1, id);
        }
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * A tenant id as the tenant column holds it: a whole number as the integer it is, the rule by
   * which a consolidation writes it ({@code consolidate.Computed#constant}, a layer above).
   */
  static String written(String id) {
    return id.matches("-?[0-9]{1,18}") ? Long.toString(Long.parseLong(id)) : id;
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
