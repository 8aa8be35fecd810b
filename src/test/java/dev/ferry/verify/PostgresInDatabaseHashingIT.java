package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Endpoint;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.jdbc.Sources;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.SourceReader;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL computes exactly the numbers ferry computes from streamed rows, value for value, for
 * every type the in-database encoding covers, edge values included.
 */
public class PostgresInDatabaseHashingIT {

  static final String SCHEMA = """
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE TABLE every (
        id int PRIMARY KEY, i2 smallint, i8 bigint, n numeric, n2 numeric(12, 2), f8 float8,
        f4 float4, b boolean, t text, v varchar(20), c char(5), bin bytea, d date, tm time(6),
        ts timestamp(6), tz timestamptz(6), u uuid, m mood, arr int[]
      );
      CREATE TABLE keyless (a int, b text);
      CREATE TABLE composite (k1 text, k2 date, val float8, PRIMARY KEY (k1, k2));
      CREATE TABLE docs (id int PRIMARY KEY, j jsonb);
      CREATE TABLE widened (id int PRIMARY KEY, f float8);
      CREATE TABLE narrow (id int PRIMARY KEY, f float4)
      """;

  static final String DATA = """
      INSERT INTO every VALUES
        (1, 0, 0, 0, 0, 0, 0, true, '', '', '', ''::bytea, '2024-02-29', '00:00:00',
         '2024-01-01 00:00:00', '2024-06-30 12:00:00+05:30', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
         'sad', '{}'),
        (2, -32768, 9223372036854775807, 123456789012345678901234567890.1234567890, -1.50, -0.0,
         0.1, false, 'tab	and
      newline \\ "q" ''s', 'trail  ', 'ab', '\\x00ff10', '0001-01-01', '23:59:59.999999',
         '0001-01-01 00:00:00.000001', '1999-12-31 23:59:59.5-08', NULL, 'happy', '{1,NULL,3}'),
        (3, NULL, NULL, 'NaN', 0.00, 'NaN', 'NaN', NULL, NULL, NULL, NULL, NULL,
         '0001-01-01 BC', '12:30:00.5', '2000-02-29 12:30:00.000500', 'infinity', NULL, NULL,
         NULL),
        (4, 1, -1, 0.000000000000000000001, 100, 'Infinity', '-Infinity', true, '𝄞 emoji 😀 ünï',
         'x', 'abcde', '\\x', '0002-12-31 BC', NULL, 'infinity', '-infinity', NULL, 'ok', NULL),
        (5, 2, 2, 1e20, 99.99, 1e308, 3.4e38, false, 'x', NULL, 'a', '\\xdeadbeef', 'infinity',
         '10:00:00', '-infinity', '2024-01-01 00:00:00+00', NULL, NULL, '{{1,2},{3,4}}'),
        (6, 3, 3, -0.5, -0.01, 5e-324, 1.17549435e-38, true, '\\x00ff10', '\\', '\\c',
         '\\x00', '-infinity',
         NULL, '12345-06-07 08:09:10', '0005-05-05 05:05:05+00 BC', NULL, NULL, NULL);
      INSERT INTO keyless VALUES (1, 'x'), (1, 'x'), (NULL, NULL), (2, ''), (3, '\\');
      INSERT INTO composite VALUES ('a', '2024-01-01', 1.5), ('a', '2024-01-02', NULL),
        ('b', '1970-01-01', -2.25e10);
      INSERT INTO docs VALUES (1, '{"b": 1, "a": [1.50, "x"]}'), (2, 'null'), (3, NULL);
      INSERT INTO widened VALUES (1, 0.1), (2, 1e300), (3, -1e300), (4, 'Infinity'),
        (5, 3.4028234663852886e38), (6, 3.4028235677973366e38), (7, NULL), (8, 'NaN');
      INSERT INTO narrow VALUES (1, 0.1)
      """;

  @Test
  void inDatabaseNumbersEqualStreamedNumbersForEveryType() {
    // given
    TestDatabase db = TestDatabases.freshPostgres();
    Db.script(db, SCHEMA);
    Db.script(db, DATA);
    ConnectionSpec spec = new ConnectionSpec(null, db.url(), null, null);
    Dialect dialect = Dialects.forUrl(db.url());
    BitSet everyRange = new BitSet(Bisection.BUCKETS);
    everyRange.set(0, Bisection.BUCKETS);

    try (SourceReader reader = Sources.open(new Endpoint.Database(spec), List.of(),
        TableFilter.all())) {
      Table narrow = reader.catalog().tables().stream()
          .filter(t -> t.name().name().equals("narrow")).findFirst().orElseThrow();
      for (Table table : reader.catalog().tables()) {
        // widened (float8) is compared with narrow (float4): its values are rounded to binary32
        // where a float4 can hold them, and keep their own value where none can
        Table counterpart = table.name().name().equals("widened") ? narrow : table;
        ComparedTable ct = ComparedTable.of(table, "postgres", counterpart, "postgres",
            Set.of(), null);
        if (counterpart == narrow) {
          assertThat(ct.sourceSide().encodings()).anyMatch(CanonicalValue::singlePrecision);
        }
        PostgresHashSql sql = PostgresHashSql.of(dialect, ct.sourceSide());
        if (table.name().name().equals("docs")) {
          // then: JSON is compared parsed, which only ferry does
          assertThat(sql).as("docs").isNull();
          continue;
        }
        assertThat(sql).as(table.name().qualified()).isNotNull();

        // when
        TableDigest streamed;
        TableDigest inside;
        List<LeafRow> streamedRows;
        List<LeafRow> insideRows;
        try (TableSide s = new StreamingSide(reader, ct.sourceSide(), 2, 0, false);
            TableSide p = new PostgresSide(spec, dialect, ct.sourceSide(), sql)) {
          streamed = s.digest();
          inside = p.digest();
          streamedRows = sorted(s.rows(everyRange));
          insideRows = sorted(p.rows(everyRange));
        }

        // then
        String name = table.name().qualified();
        for (int i = 0; i < ct.names().size(); i++) {
          String column = name + "." + ct.names().get(i);
          assertThat(inside.columns[i].nulls).as(column).isEqualTo(streamed.columns[i].nulls);
          for (int r = 0; r < streamedRows.size(); r++) {
            assertThat(insideRows.get(r).display()[i]).as(column + " row " + r)
                .isEqualTo(streamedRows.get(r).display()[i]);
          }
          assertThat(Hashing.hex(inside.columns[i].checksum)).as(column)
              .isEqualTo(Hashing.hex(streamed.columns[i].checksum));
        }
        assertThat(inside.rows).as(name).isEqualTo(streamed.rows);
        assertThat(inside.checksum).as(name).isEqualTo(streamed.checksum);
        assertThat(inside.ranges).as(name).isEqualTo(streamed.ranges);
        assertThat(insideRows).as(name).hasSameSizeAs(streamedRows);
        if (table.name().name().equals("every")) {
          assertCanonicalForms(ct, streamedRows);
        }
        for (int r = 0; r < streamedRows.size(); r++) {
          assertThat(insideRows.get(r).keyHash()).isEqualTo(streamedRows.get(r).keyHash());
          assertThat(insideRows.get(r).hashes()).isEqualTo(streamedRows.get(r).hashes());
        }
      }
    }
  }

  /** A few values of the documented canonical forms, so the equality above is not vacuous. */
  private static void assertCanonicalForms(ComparedTable ct, List<LeafRow> rows) {
    java.util.function.BiFunction<String, String, String> value = (id, column) -> rows.stream()
        .filter(r -> id.equals(r.display()[ct.names().indexOf("id")])).findFirst().orElseThrow()
        .display()[ct.names().indexOf(column)];
    assertThat(value.apply("1", "u")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    assertThat(value.apply("1", "tz")).isEqualTo("2024-06-30T06:30:00");
    assertThat(value.apply("2", "f8")).isEqualTo("0");
    assertThat(value.apply("2", "f4")).isEqualTo("0.10000000149011612");
    assertThat(value.apply("2", "n2")).isEqualTo("-1.5");
    assertThat(value.apply("2", "c")).isEqualTo("ab");
    assertThat(value.apply("2", "v")).isEqualTo("trail  ");
    assertThat(value.apply("2", "bin")).isEqualTo("\\x00ff10");
    // text is never taken for bytes: a leading backslash is doubled
    assertThat(value.apply("6", "t")).isEqualTo("\\\\x00ff10");
    assertThat(value.apply("6", "v")).isEqualTo("\\\\");
    assertThat(value.apply("6", "c")).isEqualTo("\\\\c");
    assertThat(value.apply("2", "tz")).isEqualTo("2000-01-01T07:59:59.5");
    assertThat(value.apply("3", "n")).isEqualTo("NaN");
    assertThat(value.apply("3", "n2")).isEqualTo("0");
    assertThat(value.apply("3", "d")).isEqualTo("0000-01-01");
    assertThat(value.apply("3", "tm")).isEqualTo("12:30:00.5");
    assertThat(value.apply("3", "ts")).isEqualTo("2000-02-29T12:30:00.0005");
    assertThat(value.apply("4", "d")).isEqualTo("-0001-12-31");
    assertThat(value.apply("4", "n")).isEqualTo("0.000000000000000000001");
    assertThat(value.apply("4", "tz")).isEqualTo("-infinity");
    assertThat(value.apply("5", "d")).isEqualTo("infinity");
    assertThat(value.apply("5", "n")).isEqualTo("100000000000000000000");
    assertThat(value.apply("6", "ts")).isEqualTo("12345-06-07T08:09:10");
    assertThat(value.apply("6", "tz")).isEqualTo("-0004-05-05T05:05:05");
  }

  private static List<LeafRow> sorted(List<LeafRow> rows) {
    return rows.stream().sorted(Comparator.comparingLong(LeafRow::rowHash)).toList();
  }
}
