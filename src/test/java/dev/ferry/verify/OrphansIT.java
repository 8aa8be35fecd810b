package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Endpoint;
import dev.ferry.api.VerificationReport.OrphanResult;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.dialect.Dialects;
import dev.ferry.jdbc.Sources;
import dev.ferry.rows.SourceReader;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The reference check counts the same orphans, and lists the same rows, whether a child's keys
 * are counted by an anti-join each or in one scan with an outer join per key (which of the two
 * depends on the child's size against PostgreSQL's {@code effective_cache_size}).
 */
class OrphansIT {

  static final String SCHEMA = """
      CREATE TABLE person (id int PRIMARY KEY);
      CREATE TABLE slot (a int, b text, PRIMARY KEY (a, b));
      CREATE TABLE booking (
        id int PRIMARY KEY,
        owner_id int NOT NULL REFERENCES person (id),
        helper_id int REFERENCES person (id),
        slot_a int, slot_b text,
        FOREIGN KEY (slot_a, slot_b) REFERENCES slot (a, b)
      );
      CREATE TABLE empty_child (id int PRIMARY KEY, p int REFERENCES person (id),
        q int REFERENCES person (id));
      INSERT INTO person VALUES (1), (2);
      INSERT INTO slot VALUES (1, 'x'), (2, 'y');
      SET session_replication_role = replica;
      INSERT INTO booking VALUES
        (1, 1, NULL, 1, 'x'),
        (2, 9, 2, 2, 'y'),
        (3, 1, 8, 1, 'y'),
        (4, 7, 7, 3, NULL),
        (5, 2, 1, NULL, 'z'),
        (6, 2, NULL, 1, 'x')
      """;

  @Test
  void antiJoinsAndOuterJoinsFindTheSameOrphans() throws Exception {
    // given: orphans of each key, a composite key with a NULL part (not checked), an empty child
    TestDatabase db = TestDatabases.freshPostgres();
    Db.script(db, SCHEMA);
    ConnectionSpec spec = new ConnectionSpec(null, db.url(), null, null);
    Catalog catalog;
    try (SourceReader reader = Sources.open(new Endpoint.Database(spec), List.of(),
        TableFilter.all())) {
      catalog = reader.catalog();
    }
    Table booking = catalog.tables().stream().filter(t -> t.name().name().equals("booking"))
        .findFirst().orElseThrow();

    try (Connection c = TestDatabases.connect(db)) {
      Orphans orphans = new Orphans(c, Dialects.forUrl(db.url()), catalog, 10);

      // when: small tables are counted per key; with a cache of 8 kB, in one scan
      boolean perKeyByDefault = orphans.scanPerKey(booking, 3);
      List<OrphanResult> perKey = orphans.foreignKeys();
      try (Statement s = c.createStatement()) {
        s.execute("SET effective_cache_size = '8kB'");
      }
      boolean perKeyWithATinyCache = orphans.scanPerKey(booking, 3);
      List<OrphanResult> joined = orphans.foreignKeys();

      // then
      assertThat(perKeyByDefault).isTrue();
      assertThat(perKeyWithATinyCache).isFalse();
      assertThat(orphans.scanPerKey(booking, 1)).as("one key: one scan either way").isTrue();
      assertThat(joined).isEqualTo(perKey);
      Map<String, Long> counts = new TreeMap<>();
      perKey.forEach(o -> counts.put(o.constraint(), o.orphans()));
      assertThat(counts).containsExactly(
          Map.entry("public.booking.booking_helper_id_fkey", 2L),
          Map.entry("public.booking.booking_owner_id_fkey", 2L),
          Map.entry("public.booking.booking_slot_a_slot_b_fkey", 1L),
          Map.entry("public.empty_child.empty_child_p_fkey", 0L),
          Map.entry("public.empty_child.empty_child_q_fkey", 0L));
      assertThat(perKey).filteredOn(o -> o.constraint().endsWith("owner_id_fkey"))
          .singleElement().satisfies(o -> assertThat(o.keys()).hasSize(2));
    }
  }
}
