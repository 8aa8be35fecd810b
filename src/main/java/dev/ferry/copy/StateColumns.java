package dev.ferry.copy;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** The columns of ferry's state tables, which a table an earlier ferry created may lack. */
final class StateColumns {

  private StateColumns() {}

  /** Whether the state table has the column, in the letter case the engine keeps. */
  static boolean has(Connection c, Dialect dialect, TableName table, String column)
      throws SQLException {
    boolean catalogs = dialect.supports(Capability.SCHEMAS_ARE_CATALOGS);
    var meta = c.getMetaData();
    for (String name : List.of(column, column.toUpperCase(Locale.ROOT))) {
      try (ResultSet rs = meta.getColumns(catalogs ? table.schema() : null,
          catalogs ? null : table.schema(), table.name(), name)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }
}
