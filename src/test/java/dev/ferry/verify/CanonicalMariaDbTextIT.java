package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Hashing MariaDB's text of integers, decimals, dates and datetimes directly ({@link
 * dev.ferry.jdbc.MariaDbText}, what streaming verification reads) gives exactly the numbers
 * and canonical texts of hashing the values the driver parses, with the values MariaDB allows and
 * PostgreSQL does not (zero and invalid dates, zero-filled numbers, unsigned 64-bit integers), and
 * where the driver has no text to hand over (the binary protocol) or would shift datetimes.
 */
class CanonicalMariaDbTextIT {

  static final String EDGES = """
      SET SESSION sql_mode = 'ALLOW_INVALID_DATES';
      CREATE TABLE edges (
        id BIGINT PRIMARY KEY, i TINYINT, si SMALLINT UNSIGNED, mi MEDIUMINT,
        zf INT(6) ZEROFILL, ub BIGINT UNSIGNED, sb BIGINT, d DECIMAL(20, 4), d0 DECIMAL(10, 0),
        dz DECIMAL(6, 2) ZEROFILL, dt DATE, dtt DATETIME(6), dt0 DATETIME, ts TIMESTAMP(3) NULL,
        y YEAR, flag TINYINT(1), t VARCHAR(20)
      );
      INSERT INTO edges VALUES
        (1, -128, 65535, -8388608, 42, 18446744073709551615, -9223372036854775808, 12.5000, 0,
         1.50, '2024-02-29', '2024-02-29 23:59:59.999999', '1000-01-01 00:00:00',
         '2024-01-01 10:00:00.125', 2024, 1, '12.50'),
        (2, 0, 0, 0, 0, 0, 9223372036854775807, -0.0001, -5, 0.00, '0000-00-00',
         '0000-00-00 00:00:00', '9999-12-31 23:59:59', '1970-01-02 00:00:00', 1901, 0, ''),
        (3, 127, 1, 8388607, 999999, 1, -1, -99999999999999.9999, 9999999999, 9999.99,
         '2023-02-30', '2023-04-31 10:00:00.5', '2023-02-29 00:00:00', NULL, NULL, NULL,
         '2023-02-30'),
        (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2024-00-10',
         '2024-03-31 02:30:00.000100', '2024-10-27 02:30:00', '2038-01-19 03:14:07.999', 2155,
         NULL, NULL),
        (5, 1, 2, 3, 4, 5, 6, 0.1000, 7, 0.10, '0001-01-01', '0999-12-31 23:59:59.000001',
         '1900-02-28 12:34:56', NULL, 0, 1, NULL),
        (6, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL);
      CREATE TABLE plain (id INT PRIMARY KEY, n DECIMAL(12, 2), at DATETIME(3), born DATE);
      INSERT INTO plain VALUES (1, 10.00, '2024-01-01 00:00:00.000', '2024-01-01'),
        (2, -0.50, '1999-12-31 23:59:59.990', '1999-12-31'), (3, NULL, NULL, NULL)
      """;

  @Test
  void serverTextHashesAsTheParsedValues() {
    // given
    TestDatabase db = TestDatabases.freshMariaDb();
    Db.script(db, EDGES);
    String url = db.url() + (db.url().contains("?") ? "&" : "?");

    for (String options : List.of("", "useServerPrepStmts=true", "preserveInstants=true")) {
      ConnectionSpec spec = new ConnectionSpec(null, url + options, null, null);
      try (SourceReader reader = Sources.open(new Endpoint.Database(spec), List.of(),
          TableFilter.all())) {
        assertThat(reader.catalog().tables()).hasSize(2);
        Map<String, Long> asText = new TreeMap<>();
        for (Table table : reader.catalog().tables()) {
          if (options.startsWith("useServerPrepStmts") && table.name().name().equals("edges")) {
            continue; // the driver cannot decode an invalid date in the binary protocol at all
          }
          ComparedTable ct = ComparedTable.of(table, "mariadb", table, "mariadb", Set.of(),
              null);
          String name = options + " " + table.name().qualified();
          try (ChunkCursor cursor = reader.readText(plan(table, ct), 100)) {
            asText.put(table.name().name(), cursor.next().rows().stream()
                .flatMap(Arrays::stream).filter(v -> v instanceof ServerText).count());
          }

          CanonicalServerTextIT.assertTextHashesAsParsed(reader, ct, name);
        }

        // so that the comparison is not vacuous: values come as text where the driver can
        switch (options) {
          case "" -> assertThat(asText).containsEntry("plain", 9L)
              .hasEntrySatisfying("edges", n -> assertThat(n).isGreaterThan(40));
          case "useServerPrepStmts=true" -> assertThat(asText).containsEntry("plain", 0L);
          default -> assertThat(asText).as("numbers only").containsEntry("plain", 5L);
        }
      }
    }
  }

  @Test
  void zeroInvalidAndZeroFilledValuesAreLeftToTheDriver() {
    // given
    TestDatabase db = TestDatabases.freshMariaDb();
    Db.script(db, EDGES);
    ConnectionSpec spec = new ConnectionSpec(null, db.url(), null, null);

    try (SourceReader reader = Sources.open(new Endpoint.Database(spec), List.of(),
        TableFilter.all())) {
      Table edges = reader.catalog().tables().stream()
          .filter(t -> t.name().name().equals("edges")).findFirst().orElseThrow();
      ComparedTable ct = ComparedTable.of(edges, "mariadb", edges, "mariadb", Set.of(), null);
      TablePlan plan = plan(edges, ct);
      Map<String, Object> row2 = new TreeMap<>();
      Map<String, Object> row3 = new TreeMap<>();

      // when
      try (ChunkCursor cursor = reader.readText(plan, 100)) {
        for (Object[] row : cursor.next().rows()) {
          Object id = shown(row[ct.names().indexOf("id")]);
          Map<String, Object> into = id.equals("text:2") ? row2 : id.equals("text:3") ? row3
              : null;
          for (int i = 0; into != null && i < row.length; i++) {
            into.put(ct.names().get(i), shown(row[i]));
          }
        }
      }

      // then
      assertThat(row2).containsEntry("ub", "text:0").containsEntry("d", "text:-0.0001")
          .containsEntry("sb", "text:9223372036854775807")
          .containsEntry("dt0", "text:9999-12-31 23:59:59")
          .containsEntry("dt", "0000-00-00").containsEntry("dtt", "0000-00-00 00:00:00.000000")
          .containsEntry("zf", 0L);
      assertThat(row3).containsEntry("zf", "text:999999").containsEntry("ub", "text:1")
          .containsEntry("dt", "2023-02-30").containsEntry("d0", "text:9999999999");
      assertThat(List.of(row3.get("dtt"), row3.get("dt0"))).as("31 April, 29 February 2023")
          .noneMatch(v -> v instanceof String s && s.startsWith("text:"));
      // no day the driver or a lenient parser would make of them (30 April, 28 February), and no
      // NULL for a zero date: their text, which verify compares as it is
      assertThat(row3).containsEntry("dtt", "2023-04-31 10:00:00.500000")
          .containsEntry("dt0", "2023-02-29 00:00:00");
    }
  }

  /** The server's text as {@code text:…}, any other value as it is. */
  private static Object shown(Object value) {
    return value instanceof ServerText s
        ? "text:" + new String(s.utf8(), java.nio.charset.StandardCharsets.UTF_8) : value;
  }

  /** Every column of a table, in name order, with the kinds verification gives them. */
  private static TablePlan plan(Table table, ComparedTable ct) {
    List<CopyColumn> columns = new ArrayList<>();
    for (int i = 0; i < ct.names().size(); i++) {
      columns.add(new CopyColumn(ct.names().get(i), ct.names().get(i),
          ct.sourceSide().encodings().get(i).kind(), true));
    }
    return new TablePlan(table.name(), table.name(), columns, List.of(), Set.of(), false,
        List.of());
  }

}
