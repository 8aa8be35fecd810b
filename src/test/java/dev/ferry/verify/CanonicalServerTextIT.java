package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Endpoint;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.jdbc.Sources;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.ServerText;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TextRows;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hashing PostgreSQL's text directly ({@link dev.ferry.rows.ServerText}, what streaming
 * verification reads) gives exactly the numbers and canonical texts of hashing the values the
 * driver parses (what a fingerprint, which keeps min and max, still reads), edge values included,
 * whether the text comes from a cursor or from COPY's stream.
 */
class CanonicalServerTextIT {

  static final String MORE = """
      CREATE TABLE more (
        id bigint PRIMARY KEY, n numeric, n4 numeric(20, 4), d date, ts timestamp(6),
        ts0 timestamp(0), money_ money, ip inet, c char(3), v varchar(10),
        u uuid, o oid, b boolean
      );
      INSERT INTO more VALUES
        (1, 10, 10.0000, '0044-03-15', '0044-03-15 10:00:00.25', '1000-01-01 00:00:00',
         12.5, '10.0.0.1/8', 'a  ', ' b ', NULL, 4294967295, true),
        (2, -10.5, -0.0001, '1582-10-10', '1582-10-10 12:00:00', '9999-12-31 23:59:59',
         -1, '::1', '   ', '', '00000000-0000-0000-0000-000000000000', 0, false),
        (3, 0.000, 0.0000, '9999-12-31', '9999-12-31 23:59:59.999999', '1970-01-01 00:00:00',
         0, NULL, NULL, NULL, 'ffffffff-ffff-ffff-ffff-ffffffffffff', 1, NULL),
        (4, 'Infinity', 100.1000, '10000-01-01', '10000-01-01 00:00:00', '0001-01-01 BC',
         NULL, NULL, 'é€', 'é€😀', NULL, NULL, NULL),
        (5, '-Infinity', -99999999999999.9999, '0001-01-01', '0001-01-01 00:00:00.1',
         '2024-02-29 00:00:00', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (6, 1e-30, 1, '2024-02-29', '2024-02-29 12:00:00.000010', NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL)
      """;

  /** Values COPY's text format escapes, or that look like its escapes, and the other plain kinds. */
  static final String ESCAPES = """
      CREATE TABLE escapes (
        id bigint PRIMARY KEY, t text, b bytea, c char(4), n numeric(10, 2), ts timestamp,
        d date, u uuid, f boolean, a text[]
      );
      INSERT INTO escapes VALUES
        (1, E'tab\there', '\\x00095c0a0d'::bytea, 'ab', 1.50, '2024-01-01 10:00:00.5',
         '2024-01-01', '0a0b0c0d-0000-4000-8000-00000000000f', true, '{"a\\\\b","c d"}'),
        (2, E'back\\\\slash\nnew line\rcr', '\\x'::bytea, '    ', -0.10,
         '1999-12-31 23:59:59', '1999-12-31', NULL, false, '{}'),
        (3, '\\N', '\\x5c4e'::bytea, '\\N', 0, NULL, NULL, NULL, NULL, '{NULL,"\\\\N"}'),
        (4, E'\\x01\\x7f\\b\\f\\x0b end', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (5, 'é€😀 unicode', '\\xff'::bytea, 'é€', 10, '2024-02-29 00:00:00.000001',
         '2024-02-29', 'ffffffff-ffff-ffff-ffff-ffffffffffff', true, '{"é"}'),
        (6, '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (7, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
      CREATE TABLE floats (id int PRIMARY KEY, r float8, r4 float4);
      INSERT INTO floats VALUES (1, 1.1, 1.1), (2, 'NaN', 'NaN'), (3, 'Infinity', '-Infinity'),
        (4, '-0', '-0'), (5, 1e308, 3.4e38), (6, 5e-324, 1.4e-45), (7, 0.1, 0.1),
        (8, NULL, NULL), (9, 123456789.123456789, 16777217), (10, -2.5e-10, 1e-10);
      CREATE TABLE unusual (id bigint PRIMARY KEY, d date, ts timestamp);
      INSERT INTO unusual VALUES (1, '2024-01-01', '2024-01-01 00:00:00'),
        (2, 'infinity', '0044-03-15 12:00:00 BC'), (3, '2024-01-02', NULL);
      """;

  @Test
  void copyStreamHandsOverTheValuesUnescaped() {
    // given
    TestDatabase db = TestDatabases.freshPostgres();
    Db.script(db, ESCAPES);
    ConnectionSpec spec = new ConnectionSpec(null, db.url(), null, null);

    try (SourceReader reader = Sources.open(new Endpoint.Database(spec), List.of(),
        TableFilter.all())) {
      // when: a table whose values are all plain, then one with an infinite date in row 2
      java.util.Map<Long, List<String>> rows = new java.util.TreeMap<>();
      TablePlan escapes = plan(reader, "escapes");
      try (TextRows text = reader.copyText(escapes)) {
        assertThat(text).as("escapes streams through COPY").isNotNull();
        while (text.next()) {
          java.util.Map<String, String> byName = new java.util.TreeMap<>();
          for (int i = 0; i < 10; i++) {
            byName.put(escapes.columns().get(i).name(), text.start(i) < 0 ? null
                : new String(text.bytes(), text.start(i), text.end(i) - text.start(i),
                    java.nio.charset.StandardCharsets.UTF_8));
          }
          rows.put(Long.parseLong(byName.get("id")), new java.util.ArrayList<>(byName.values()));
        }
      }
      org.assertj.core.api.ThrowableAssert.ThrowingCallable readMore = () -> {
        try (TextRows text = reader.copyText(plan(reader, "unusual"))) {
          assertThat(text).as("unusual streams through COPY").isNotNull();
          while (text.next()) {
            // read on until the value that has no plain form
          }
        }
      };

      // then: columns come in name order: a, b, c, d, f, id, n, t, ts, u
      assertThat(rows).hasSize(7);
      assertThat(rows.get(1L)).containsExactly("{\"a\\\\b\",\"c d\"}", "\\x00095c0a0d",
          "ab  ", "2024-01-01", "t", "1", "1.50", "tab\there", "2024-01-01 10:00:00.5",
          "0a0b0c0d-0000-4000-8000-00000000000f");
      assertThat(rows.get(2L).get(7)).isEqualTo("back\\slash\nnew line\rcr");
      assertThat(rows.get(2L).get(1)).isEqualTo("\\x");
      assertThat(rows.get(3L)).containsExactly("{NULL,\"\\\\N\"}", "\\x5c4e", "\\N  ", null,
          null, "3", "0.00", "\\N", null, null);
      assertThat(rows.get(4L).get(7)).isEqualTo("\u0001\u007f\b\f\u000b end");
      assertThat(rows.get(5L).get(7)).isEqualTo("é€😀 unicode");
      assertThat(rows.get(6L).get(7)).isEmpty();
      assertThat(rows.get(7L)).containsExactly(null, null, null, null, null, "7", null, null,
          null, null);
      assertThatThrownBy(readMore).isInstanceOf(ServerText.NotPlain.class);
      try (TextRows floats = reader.copyText(plan(reader, "floats"))) {
        assertThat(floats).as("floats stream through COPY").isNotNull();
        int count = 0;
        while (floats.next()) {
          count++;
        }
        assertThat(count).isEqualTo(10);
      }
      // the stream given up mid-way leaves the reader usable
      try (TextRows again = reader.copyText(plan(reader, "escapes"))) {
        int count = 0;
        while (again.next()) {
          count++;
        }
        assertThat(count).isEqualTo(7);
      }
    }
  }

  /** Every column of a table, in name order, with the kinds verification gives them. */
  private static TablePlan plan(SourceReader reader, String table) {
    Table t = reader.catalog().tables().stream().filter(x -> x.name().name().equals(table))
        .findFirst().orElseThrow();
    ComparedTable ct = ComparedTable.of(t, "postgres", t, "postgres", Set.of(), null);
    List<CopyColumn> columns = new java.util.ArrayList<>();
    for (int i = 0; i < ct.names().size(); i++) {
      columns.add(new CopyColumn(ct.names().get(i), ct.names().get(i),
          ct.sourceSide().encodings().get(i).kind(), true));
    }
    return new TablePlan(t.name(), t.name(), columns, List.of(), Set.of(), false, List.of());
  }

  @Test
  void serverTextHashesAsTheParsedValues() {
    // given
    TestDatabase db = TestDatabases.freshPostgres();
    Db.script(db, PostgresInDatabaseHashingIT.SCHEMA);
    Db.script(db, PostgresInDatabaseHashingIT.DATA);
    Db.script(db, MORE);
    Db.script(db, ESCAPES);
    ConnectionSpec spec = new ConnectionSpec(null, db.url(), null, null);

    try (SourceReader reader = Sources.open(new Endpoint.Database(spec), List.of(),
        TableFilter.all())) {
      assertThat(reader.catalog().tables()).hasSize(10);
      Table more = reader.catalog().tables().stream()
          .filter(t -> t.name().name().equals("more")).findFirst().orElseThrow();
      ComparedTable mt = ComparedTable.of(more, "postgres", more, "postgres", Set.of(), null);
      List<CopyColumn> columns = new java.util.ArrayList<>();
      for (int i = 0; i < mt.names().size(); i++) {
        columns.add(new CopyColumn(mt.names().get(i), mt.names().get(i),
            mt.sourceSide().encodings().get(i).kind(), true));
      }
      try (ChunkCursor cursor = reader.readText(new TablePlan(more.name(), more.name(), columns,
          List.of(), Set.of(), false, List.of()), 100)) {
        // so that the comparison below is not vacuous: most values do come as text
        long asText = cursor.next().rows().stream().flatMap(java.util.Arrays::stream)
            .filter(v -> v instanceof ServerText).count();
        assertThat(asText).isGreaterThan(30);
      }
      for (Table table : reader.catalog().tables()) {
        ComparedTable ct = ComparedTable.of(table, "postgres", table, "postgres", Set.of(),
            null);
        assertTextHashesAsParsed(reader, ct, table.name().qualified());
      }
    }
  }

  /**
   * Hashing a table from the server's text gives the digest, the canonical texts and the row
   * hashes of hashing the values the driver parses.
   */
  static void assertTextHashesAsParsed(SourceReader reader, ComparedTable ct, String name) {
    BitSet everyRange = new BitSet(Bisection.BUCKETS);
    everyRange.set(0, Bisection.BUCKETS);

    // when: with min and max kept, values are parsed; without, the server's text is hashed
    TableDigest parsed;
    TableDigest text;
    List<LeafRow> parsedRows;
    List<LeafRow> textRows;
    try (TableSide p = new StreamingSide(reader, ct.sourceSide(), 2, 0, true);
        TableSide t = new StreamingSide(reader, ct.sourceSide(), 2, 0, false)) {
      parsed = p.digest();
      text = t.digest();
      parsedRows = sorted(p.rows(everyRange));
      textRows = sorted(t.rows(everyRange));
    }

    // then
    assertThat(text.rows).as(name).isEqualTo(parsed.rows).isPositive();
    for (int i = 0; i < ct.names().size(); i++) {
      String column = name + "." + ct.names().get(i);
      for (int r = 0; r < parsedRows.size(); r++) {
        assertThat(textRows.get(r).display()[i]).as(column + " row " + r)
            .isEqualTo(parsedRows.get(r).display()[i]);
      }
      assertThat(text.columns[i].nulls).as(column).isEqualTo(parsed.columns[i].nulls);
      assertThat(Hashing.hex(text.columns[i].checksum)).as(column)
          .isEqualTo(Hashing.hex(parsed.columns[i].checksum));
    }
    assertThat(text.checksum).as(name).isEqualTo(parsed.checksum);
    assertThat(text.ranges).as(name).isEqualTo(parsed.ranges);
    for (int r = 0; r < parsedRows.size(); r++) {
      assertThat(textRows.get(r).hashes()).as(name + " row " + r)
          .isEqualTo(parsedRows.get(r).hashes());
    }
  }

  private static List<LeafRow> sorted(List<LeafRow> rows) {
    return rows.stream().sorted(Comparator.comparingLong(LeafRow::rowHash)).toList();
  }
}
