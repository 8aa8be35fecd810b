package dev.ferry.copy;

import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.ValueKind;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads a table as ferry's canonical values (engine-independent), so tests can compare the same
 * data held by different engines row by row.
 */
final class Canonical {

  private Canonical() {}

  /** Rows of the table ordered by its first column, each value rendered canonically. */
  static List<String> rows(TestDatabase db, String table) throws Exception {
    Dialect dialect = Dialects.forUrl(db.url());
    try (Connection c = TestDatabases.connect(db)) {
      Table t = new CatalogReader(c, dialect).read(List.of(), TableFilter.all()).tables().stream()
          .filter(x -> x.name().name().equalsIgnoreCase(table)).findFirst().orElseThrow();
      String first = dialect.quote(t.columns().get(0).name());
      List<String> rows = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + dialect.qualify(t.name())
              + " ORDER BY " + first)) {
        while (rs.next()) {
          List<String> values = new ArrayList<>();
          for (int i = 0; i < t.columns().size(); i++) {
            values.add(render(JdbcValues.read(rs, i + 1, ValueKind.of(t.columns().get(i)))));
          }
          rows.add(String.join("|", values));
        }
      }
      return rows;
    }
  }

  private static String render(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof byte[] bytes) {
      return "0x" + HexFormat.of().formatHex(bytes);
    }
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Object[] array) {
      return Arrays.toString(array);
    }
    return value.toString().toLowerCase(Locale.ROOT).equals(value.toString())
        ? value.toString() : value.toString();
  }
}
