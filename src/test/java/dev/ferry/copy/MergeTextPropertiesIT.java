package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.Column;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The row text hash of a rerun's fast path (docs/merge.md, "A rerun that changes nothing") on
 * PostgreSQL tells every two different values apart: floats down to their last bit, text down to
 * a trailing space, NULL from an empty string; and is the same for the same values.
 */
class MergeTextPropertiesIT {

  private static Connection connection;
  private static String sql;

  /** A double, a float and a text, or NULLs. */
  record Row(Double f8, Float f4, String s) {}

  @Property(tries = 300)
  void twoRowsHashAlikeExactlyWhenTheirValuesAreTheSame(@ForAll("pairs") Row[] pair)
      throws SQLException {
    Row a = pair[0];
    Row b = pair[1];
    boolean same = same(a.f8(), b.f8()) && same(a.f4(), b.f4()) && Objects.equals(a.s(), b.s());
    assertThat(hash(a).equals(hash(b))).as(a + " against " + b).isEqualTo(same);
  }

  /** The same value as Java's {@code compare} finds it: every NaN alike, -0 not 0. */
  private static boolean same(Number x, Number y) {
    if (x == null || y == null) {
      return x == y;
    }
    return x instanceof Double d ? Double.compare(d, (Double) y) == 0
        : Float.compare((Float) x, (Float) y) == 0;
  }

  @Provide
  Arbitrary<Row[]> pairs() {
    Arbitrary<Row> rows = Combinators.combine(
        Arbitraries.doubles().injectNull(0.1).edgeCases(e -> e.add(Double.NaN)
            .add(-0.0).add(0.0).add(Double.MIN_VALUE).add(Double.POSITIVE_INFINITY)),
        Arbitraries.floats().injectNull(0.1),
        Arbitraries.strings().withCharRange(' ', '~').withChars('é').ofMaxLength(4)
            .injectNull(0.1))
        .as(Row::new);
    return rows.flatMap(a -> Arbitraries.of(0, 1, 2, 3, 4, 5).flatMap(how -> {
      Row b = switch (how) {
        case 0 -> a;
        case 1 -> new Row(a.f8() == null ? null : Math.nextUp(a.f8()), a.f4(), a.s());
        case 2 -> new Row(a.f8(), a.f4() == null ? null : Math.nextDown(a.f4()), a.s());
        case 3 -> new Row(a.f8() == null ? null : -a.f8(), a.f4(), a.s());
        case 4 -> new Row(a.f8(), a.f4(), a.s() == null ? "" : a.s() + " ");
        default -> null;
      };
      return b == null ? rows.map(r -> new Row[] {a, r}) : Arbitraries.just(new Row[] {a, b});
    }));
  }

  private static String hash(Row row) throws SQLException {
    if (connection == null) {
      TestDatabase db = TestDatabases.freshPostgres();
      Dialect dialect = Dialects.forUrl(db.url());
      connection = TestDatabases.connect(db);
      List<Column> columns = List.of(column("f8", "float8"), column("f4", "float4"),
          column("s", "text"));
      sql = "SELECT " + dialect.rowTextHash(List.of("f8", "f4", "s"), columns)
          + " FROM (SELECT CAST(? AS float8) AS f8, CAST(? AS float4) AS f4, CAST(? AS text)"
          + " AS s) r";
    }
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      if (row.f8() == null) {
        ps.setNull(1, Types.DOUBLE);
      } else {
        ps.setDouble(1, row.f8());
      }
      if (row.f4() == null) {
        ps.setNull(2, Types.REAL);
      } else {
        ps.setFloat(2, row.f4());
      }
      ps.setString(3, row.s());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static Column column(String name, String type) {
    return new Column(name, type, "OTHER", null, null, true, null, null);
  }
}
