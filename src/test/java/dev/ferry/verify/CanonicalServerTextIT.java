package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Endpoint;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import dev.ferry.transfer.ChunkCursor;
import dev.ferry.transfer.CopyColumn;
import dev.ferry.transfer.ServerText;
import dev.ferry.transfer.SourceReader;
import dev.ferry.transfer.Sources;
import dev.ferry.transfer.TablePlan;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hashing PostgreSQL's text directly ({@link dev.ferry.transfer.ServerText}, what streaming
 * verification reads) gives exactly the numbers and canonical texts of hashing the values the
 * driver parses (what a fingerprint, which keeps min and max, still reads), edge values included.
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

  @Test
  void serverTextHashesAsTheParsedValues() {
    // given
    TestDatabase db = TestDatabases.freshPostgres();
    Db.script(db, PostgresInDatabaseHashingIT.SCHEMA);
    Db.script(db, PostgresInDatabaseHashingIT.DATA);
    Db.script(db, MORE);
    ConnectionSpec spec = new ConnectionSpec(null, db.url(), null, null);
    BitSet everyRange = new BitSet(Bisection.BUCKETS);
    everyRange.set(0, Bisection.BUCKETS);

    try (SourceReader reader = Sources.open(new Endpoint.Database(spec), List.of(),
        TableFilter.all())) {
      assertThat(reader.catalog().tables()).hasSize(7);
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
        String name = table.name().qualified();

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
        assertThat(text.rangeRows).as(name).isEqualTo(parsed.rangeRows);
        assertThat(text.rangeSums).as(name).isEqualTo(parsed.rangeSums);
        for (int r = 0; r < parsedRows.size(); r++) {
          assertThat(textRows.get(r).hashes()).as(name + " row " + r)
              .isEqualTo(parsedRows.get(r).hashes());
        }
      }
    }
  }

  private static List<LeafRow> sorted(List<LeafRow> rows) {
    return rows.stream().sorted(Comparator.comparingLong(LeafRow::rowHash)).toList();
  }
}
