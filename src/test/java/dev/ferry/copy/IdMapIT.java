package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The id map's table and its on-disk spill (docs/merge.md, "The id map"): pairs written (COPY on
 * PostgreSQL) come back exactly, a later run reads an earlier run's pairs, and a table whose
 * keys are not single integers is served from the table; pairs of two integers are kept as
 * numbers, and a map an earlier ferry wrote (integer pairs as texts) is read as it is.
 */
class IdMapIT {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "h2"})
  void pairsOfAnEarlierRunAndOfThisOneAreFoundWhateverTheirKeys(String engine)
      throws SQLException {
    // given: an earlier run mapped 3,000 integer keys and keys of texts that COPY must escape
    TestDatabase target = MergeIT.fresh(engine);
    Dialect dialect = Dialects.forUrl(target.url());
    List<String[]> integers = new ArrayList<>();
    for (long k = 3_000; k >= 1; k--) {
      integers.add(new String[] {"[\"" + k + "\"]", "[\"" + (k + 1_000_000_000L) + "\"]"});
    }
    List<String[]> texts = List.of(new String[] {"[\"a\\tb\",\"c\\\\d\"]", "[\"7\"]"},
        new String[] {"[\"line\\nbreak\",\"\\\\N\"]", "[\"8\"]"},
        new String[] {"[\"tab\there\",\"x\"]", "[\"9\"]"});
    try (Connection c = DriverManager.getConnection(target.url())) {
      c.setAutoCommit(false);
      IdMap earlier = new IdMap(dialect, IdMap.table(dialect, c));
      earlier.create(c, new StateStore(dialect, c));
      c.commit();
      earlier.record(c, "public.parent", integers, "run-1");
      earlier.record(c, "public.pair", texts, "run-1");
      c.commit();
      earlier.close();

      // when: this run opens the tables and adds pairs of its own
      try (IdMap map = new IdMap(dialect, IdMap.table(dialect, c))) {
        map.open(c, "public.parent");
        map.open(c, "public.pair");
        List<String[]> mine = List.of(new String[] {"[\"3001\"]", "[\"5\"]"},
            new String[] {"[\"3002\"]", "[\"6\"]"});
        map.record(c, "public.parent", mine, "run-2");
        c.commit();
        map.remember("public.parent", KeySpill.WHOLE, mine);

        // then
        Map<String, String> found = map.lookup(c, "public.parent",
            List.of("[\"1\"]", "[\"3000\"]", "[\"3001\"]", "[\"3002\"]", "[\"3003\"]", "[\"01\"]"));
        assertThat(found).containsExactlyInAnyOrderEntriesOf(Map.of(
            "[\"1\"]", "[\"1000000001\"]", "[\"3000\"]", "[\"1000003000\"]",
            "[\"3001\"]", "[\"5\"]", "[\"3002\"]", "[\"6\"]"));
        Map<String, String> pairs = map.lookup(c, "public.pair",
            List.of(texts.get(0)[0], texts.get(1)[0], texts.get(2)[0], "[\"a\",\"b\"]"));
        assertThat(pairs).containsExactlyInAnyOrderEntriesOf(Map.of(texts.get(0)[0], "[\"7\"]",
            texts.get(1)[0], "[\"8\"]", texts.get(2)[0], "[\"9\"]"));
        assertThat(RemapIT.mapRows(engine, target)).hasSize(3_005)
            .contains("public.pair|[\"tab\there\",\"x\"]|[\"9\"]");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "h2"})
  void pairsOfIntegersAreKeptAsNumbersAndAMapOfAnEarlierFerryIsReadAsItIs(String engine)
      throws SQLException {
    // given: a map an earlier ferry wrote, its integer pairs as texts in the one table it had
    TestDatabase target = MergeIT.fresh(engine);
    Dialect dialect = Dialects.forUrl(target.url());
    String q = engine.equals("h2") ? "\"" : "";
    try (Connection c = DriverManager.getConnection(target.url())) {
      c.setAutoCommit(false);
      StateStore state = new StateStore(dialect, c);
      new IdMap(dialect, IdMap.table(dialect, c)).create(c, state);
      c.commit();
      String texts = dialect.qualify(IdMap.table(dialect, c));
      String integers = dialect.qualify(dialect.stateTable(c, "id_map_int"));
      Sql.exec(target, "DROP TABLE " + integers, "INSERT INTO " + texts + " VALUES"
          + " ('', 'public.parent', '[\"1\"]', '[\"101\"]', 'run-1'),"
          + " ('', 'public.parent', '[\"2\"]', '[\"102\"]', 'run-1')");

      // when: this ferry maps two keys more, and a dry run looks keys up
      Map<String, String> found;
      Map<String, String> previewed;
      try (IdMap map = new IdMap(dialect, IdMap.table(dialect, c))) {
        map.create(c, state);
        c.commit();
        map.open(c, "public.parent");
        List<String[]> mine = List.of(new String[] {"[\"3\"]", "[\"103\"]"},
            new String[] {"[\"4\"]", "[\"104\"]"});
        map.record(c, "public.parent", mine, "run-2");
        c.commit();
        map.remember("public.parent", KeySpill.WHOLE, mine);
        found = map.lookup(c, "public.parent", List.of("[\"1\"]", "[\"3\"]", "[\"5\"]"));
      }
      IdMap preview = new IdMap(dialect, IdMap.table(dialect, c), true);
      previewed = preview.lookup(c, "public.parent", List.of("[\"2\"]", "[\"4\"]"));

      // then: the new pairs are numbers in the table of integer pairs; both kinds are found
      assertThat(Sql.rows(target, "SELECT " + q + "source_key" + q + " + 1, " + q + "target_key"
          + q + " - 100 FROM " + integers + " ORDER BY 1")).containsExactly("4|3", "5|4");
      assertThat(Sql.rows(target, "SELECT count(*) FROM " + texts)).containsExactly("2");
      assertThat(found).containsExactlyInAnyOrderEntriesOf(Map.of("[\"1\"]", "[\"101\"]",
          "[\"3\"]", "[\"103\"]"));
      assertThat(previewed).containsExactlyInAnyOrderEntriesOf(Map.of("[\"2\"]",
          "[\"102\"]", "[\"4\"]", "[\"104\"]"));
    }
  }

  @org.junit.jupiter.api.Test
  void aRunRefreshesTheMapsStatisticsOnlyWhereTheyAreMissingOrUndercountIt() throws SQLException {
    // given: a map on PostgreSQL, whose statistics (the planner's row estimate) a run refreshes
    TestDatabase target = MergeIT.fresh("postgres");
    Dialect dialect = Dialects.forUrl(target.url());
    try (Connection c = DriverManager.getConnection(target.url())) {
      c.setAutoCommit(false);
      new IdMap(dialect, IdMap.table(dialect, c)).create(c, new StateStore(dialect, c));
      c.commit();

      // when: a first run maps 3,000 keys, a second 2 more, a third 400 more
      List<String> estimates = new ArrayList<>();
      long next = 1;
      for (int pairs : new int[] {3_000, 2, 400}) {
        IdMap map = new IdMap(dialect, IdMap.table(dialect, c));
        map.open(c, "public.parent");
        List<String[]> mine = new ArrayList<>();
        for (int i = 0; i < pairs; i++, next++) {
          mine.add(new String[] {"[\"" + next + "\"]", "[\"" + (next + 1_000_000) + "\"]"});
        }
        map.record(c, "public.parent", mine, "run-" + pairs);
        c.commit();
        map.close(c);
        estimates.addAll(Sql.rows(target, "SELECT sum(greatest(reltuples, 0))::bigint FROM"
            + " pg_class WHERE oid IN (to_regclass('" + dialect.qualify(IdMap.table(dialect, c))
            + "'), to_regclass('" + dialect.qualify(dialect.stateTable(c, "id_map_int")) + "'))"));
      }

      // then: the first run's map had none and got them; 2 pairs on 3,000 leave them as they
      // are (no sample taken); 400 pairs, more than a tenth, refresh them
      assertThat(estimates).containsExactly("3000", "3000", "3402");
    }
  }
}
