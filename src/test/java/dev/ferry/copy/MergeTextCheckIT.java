package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Endpoint;
import dev.ferry.api.MergeMode;
import dev.ferry.api.RowFate;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.jdbc.Sources;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.PageCheck;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A merge's fast path for unchanged rows (docs/merge.md, "A rerun that changes nothing") against
 * the usual way, row by row: a page the fast path finds unchanged must be one ferry's rule of the
 * same value finds unchanged; values that differ must never pass as the same text. The target's
 * session runs in another time zone than the source's.
 */
class MergeTextCheckIT {

  private static final String TABLE = """
      CREATE TABLE t (id bigint PRIMARY KEY, f8 double precision, f4 real, tz timestamptz,
        s text, v varchar(10), c char(5), b bytea, n numeric, ok boolean, d date, u uuid,
        j jsonb);
      INSERT INTO t VALUES (1, 1.5, 2.5, '2020-01-01 00:00:00+00', 'x', 'y', 'z', '\\x01', 1,
        true, '2020-01-01', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": 1}');
      """;

  @ParameterizedTest(name = "{0}: {1} against {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "f8 | 0.1 | 0.10000000000000002 | differ",
      "f4 | 1.0000001 | 1.0000002 | differ",
      "tz | '2020-01-01 12:00:00+00' | '2020-01-01 12:00:00+09' | differ",
      "tz | '2020-01-01 12:00:00+00' | '2020-01-01 21:00:00+09' | same",
      "s | 'a' | 'a  ' | differ",
      "s | NULL | '' | differ",
      "v | '' | NULL | differ",
      "f8 | '-0' | '0' | either",
      "f8 | 'NaN' | 'NaN' | same",
      "b | '\\x00' | '\\x0000' | differ",
      "b | '\\x00' | '\\x00' | same",
      "c | 'a' | 'a ' | either",
      "j | '{\"a\": 1, \"b\": 2}' | '{\"b\": 2, \"a\": 1}' | either",
      "n | 1.10 | 1.1 | either",
      "n | 1.1 | 1.10000000000000000001 | differ",
      "ok | true | false | differ",
  })
  void theFastPathFindsAPageUnchangedOnlyWhereEveryRowIsTheSameValue(String column,
      String sourceValue, String targetValue, String expected) throws Exception {
    // given
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(source, TABLE, "UPDATE t SET " + column + " = " + sourceValue);
    Sql.exec(target, TABLE, "UPDATE t SET " + column + " = " + targetValue);
    ConnectionSpec to = new ConnectionSpec(null, target.url(), null, null);
    Dialect dialect = Dialects.forUrl(target.url());

    try (SourceReader reader = Sources.open(new Endpoint.Database(new ConnectionSpec(null,
        source.url(), null, null)), List.of(), TableFilter.all());
        SourceReader targets = Sources.open(new Endpoint.Database(to), List.of(),
            TableFilter.all());
        Connection c = tokyo(to, dialect)) {
      Table from = reader.catalog().tables().get(0);
      Table into = targets.catalog().tables().get(0);
      TablePlan plan = new TablePlan(from.name(), into.name(), from.columns().stream()
          .map(col -> new CopyColumn(col.name(), col.name(), ValueKind.of(col), col.nullable()))
          .toList(), List.of("id"), Set.of(), true, List.of());
      MergeRows merge = new MergeRows(plan, from, "postgres", into, "postgres", dialect,
          MergeMode.UPDATE, -1);
      assertThat(merge.textCheck()).as("the fast path applies").isNotNull();

      // when
      Chunk fast;
      try (ChunkCursor cursor = reader.readUnlessSame(plan, null, 100,
          merge.textCheck().open(tokyo(to, dialect)))) {
        fast = cursor.next();
      }
      Chunk usual;
      try (ChunkCursor cursor = reader.read(plan, null, 100)) {
        usual = cursor.next();
      }
      RowFate slow = merge.classify(c, usual.rows()).audited().get(0).fate();
      RowFate viaFast = fast.checked() == Chunk.Checked.UNCHANGED ? RowFate.UNCHANGED
          : merge.classify(c, fast.rows()).audited().get(0).fate();

      // then
      assertThat(fast.checked()).isNotEqualTo(Chunk.Checked.NO);
      assertThat(viaFast).isEqualTo(slow);
      switch (expected) {
        case "differ" -> {
          assertThat(fast.checked()).isEqualTo(Chunk.Checked.CHANGED);
          assertThat(slow).isEqualTo(RowFate.UPDATED);
        }
        case "same" -> {
          assertThat(fast.checked()).isEqualTo(Chunk.Checked.UNCHANGED);
          assertThat(slow).isEqualTo(RowFate.UNCHANGED);
        }
        default -> {
          if (fast.checked() == Chunk.Checked.UNCHANGED) {
            assertThat(slow).isEqualTo(RowFate.UNCHANGED);
          }
        }
      }
      assertThat(PageCheck.NEVER.same(new long[] {1}, new String[] {"x"})).isFalse();
    }
  }

  /** A read-only session to the target in another time zone than the source's. */
  private static Connection tokyo(ConnectionSpec spec, Dialect dialect) throws Exception {
    Connection c = Connections.open(spec, dialect, true);
    try (Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'Asia/Tokyo'");
    }
    return c;
  }
}
