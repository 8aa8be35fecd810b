package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.LoadOrderPlanner;
import dev.ferry.catalog.LoadTarget;
import dev.ferry.catalog.TableFilter;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL: plain indexes of tables loaded empty are dropped for the load and re-created after
 * it exactly as they were, also after a failed or killed run; indexes that guard something are
 * never touched. And the foreign keys proven after the load count each key's orphans exactly,
 * several keys of one table in one pass.
 */
class IndexDeferralIT {

  @TempDir Path dir;

  static final String SCHEMA = """
      CREATE TABLE account (id bigint PRIMARY KEY, code text NOT NULL UNIQUE, tags text[]);
      CREATE TABLE entry (
        id bigint PRIMARY KEY,
        account_id bigint NOT NULL REFERENCES account (id),
        counter_code text REFERENCES account (code),
        approver_id bigint REFERENCES account (id),
        amount numeric(12, 2) NOT NULL CHECK (amount < 1000000),
        memo text,
        tags text[]
      );
      CREATE INDEX entry_account_idx ON entry (account_id);
      CREATE INDEX entry_memo_lower_idx ON entry (lower(memo)) WHERE memo IS NOT NULL;
      CREATE INDEX entry_tags_gin ON entry USING gin (tags);
      CREATE INDEX entry_amount_desc ON entry (amount DESC, id) INCLUDE (memo);
      CREATE UNIQUE INDEX entry_memo_unique ON entry (memo) WHERE amount > 500000;
      CREATE INDEX entry_commented ON entry (approver_id);
      COMMENT ON INDEX entry_commented IS 'kept: a drop would lose this comment';
      CREATE INDEX account_tags_gin ON account USING gin (tags);
      """;

  static final String DATA = """
      INSERT INTO account SELECT g, 'A' || g, ARRAY['t' || (g % 3)] FROM generate_series(1, 50) g;
      INSERT INTO entry SELECT g, 1 + g % 50, 'A' || (1 + g % 7), CASE WHEN g % 4 = 0 THEN NULL
        ELSE 1 + g % 9 END, g % 997, CASE WHEN g % 5 = 0 THEN NULL ELSE 'memo ' || g END,
        ARRAY['x' || (g % 11)] FROM generate_series(1, 3000) g;
      """;

  static final String INDEXES = "SELECT indexname || ' ' || indexdef || ' '"
      + " || coalesce(obj_description(to_regclass(schemaname || '.' || indexname)), '-')"
      + " FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname";
  static final String OIDS = "SELECT c.relname || ' ' || c.oid FROM pg_class c"
      + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
      + " AND c.relkind = 'i' ORDER BY c.relname";

  static TestDatabase source() {
    TestDatabase db = TestDatabases.freshPostgres();
    Sql.exec(db, SCHEMA, DATA);
    return db;
  }

  static TestDatabase emptyTarget() {
    TestDatabase db = TestDatabases.freshPostgres();
    Sql.exec(db, SCHEMA);
    return db;
  }

  @Test
  void aChildLoadedWithoutKeyChecksWaitsForNoParentAndOneCheckedPerRowDoes() throws Exception {
    TestDatabase source = source();
    TestDatabase target = emptyTarget();

    CopyPlan relaxed = plan(source, target, false);
    CopyPlan checked = plan(source, target, true);

    // entry references account; loaded with checks off it may start first (it is the heavier)
    assertThat(stepOf(relaxed, "entry").waitsFor()).isEmpty();
    assertThat(relaxed.orphanChecks()).hasSize(3);
    assertThat(stepOf(checked, "entry").waitsFor())
        .containsExactly(stepOf(checked, "account").id());
    assertThat(checked.orphanChecks()).isEmpty();
  }

  @Test
  void keysToATableLeftOutOfTheCopyAreProvenAfterTheLoadToo() throws Exception {
    TestDatabase source = source();
    TestDatabase target = emptyTarget();

    // account is already in the target: entry's keys to it are external
    CopyPlan partial = plan(source, target, false,
        new TableFilter(List.of(), List.of("account"), false));

    assertThat(partial.steps()).hasSize(1);
    assertThat(partial.sessionStatements().values()).singleElement().asList()
        .contains("SET session_replication_role = replica");
    assertThat(partial.orphanChecks()).extracting(e -> e.constraint()).containsExactlyInAnyOrder(
        "entry_account_id_fkey", "entry_counter_code_fkey", "entry_approver_id_fkey");
  }

  private static CopyPlan plan(TestDatabase source, TestDatabase target, boolean rowKeyChecks)
      throws Exception {
    return plan(source, target, rowKeyChecks, TableFilter.all());
  }

  private static CopyPlan plan(TestDatabase source, TestDatabase target, boolean rowKeyChecks,
      TableFilter filter) throws Exception {
    Dialect dialect = Dialects.forUrl(target.url());
    Catalog sc;
    try (Connection c = DriverManager.getConnection(source.url())) {
      sc = new CatalogReader(c, dialect).read(List.of(), filter);
    }
    try (Connection c = DriverManager.getConnection(target.url())) {
      Catalog tc = new CatalogReader(c, dialect)
          .read(List.of(), TableFilter.all());
      LoadOrder order = LoadOrderPlanner.plan(sc,
          new LoadTarget(dialect.id(), dialect.checkRelaxations(c,
              tc.tables().stream().map(t -> t.name()).toList()), dialect.relaxationHint()));
      return CopyPlanner.plan(sc, order, new CopyPlanner.Target(tc, dialect,
          dialect.mayDisableTriggers(c), false, false, rowKeyChecks), Map.of());
    }
  }

  private static CopyPlan.Step stepOf(CopyPlan plan, String table) {
    return plan.steps().stream()
        .filter(s -> s.tables().get(0).source().name().equals(table)).findFirst().orElseThrow();
  }

  @Test
  void plainIndexesAreRebuiltAfterTheLoadExactlyAsTheyWere() {
    TestDatabase source = source();
    TestDatabase target = emptyTarget();
    List<String> indexes = Sql.rows(target, INDEXES);
    List<String> oids = Sql.rows(target, OIDS);

    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.toString(), "--batch-size", "500");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, INDEXES)).isEqualTo(indexes);
    assertThat(Sql.rows(target, "SELECT count(*) FROM ferry.deferred_index"))
        .containsExactly("0");
    // dropped and re-created: a new object; what guards rows or carries more than its
    // definition (primary and unique keys, a unique index, a comment) is the same object
    List<String> after = Sql.rows(target, OIDS);
    assertThat(changed(oids, after)).containsExactly("account_tags_gin", "entry_account_idx",
        "entry_amount_desc", "entry_memo_lower_idx", "entry_tags_gin");
    assertThat(Sql.rows(target, "SELECT count(*) FROM entry WHERE lower(memo) = 'memo 7'"))
        .containsExactly("1");
    assertThat(Sql.rows(target, "SELECT count(*) FROM entry")).containsExactly("3000");
  }

  @Test
  void keepIndexesLeavesEveryIndexInPlace() {
    TestDatabase source = source();
    TestDatabase target = emptyTarget();
    List<String> oids = Sql.rows(target, OIDS);

    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.toString(), "--keep-indexes");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, OIDS)).isEqualTo(oids);
  }

  @Test
  void aTableThatHoldsRowsKeepsItsIndexes() {
    TestDatabase source = source();
    TestDatabase target = emptyTarget();
    Sql.exec(target, "INSERT INTO account VALUES (1000, 'Z', NULL)");
    List<String> oids = Sql.rows(target, OIDS);

    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(changed(oids, Sql.rows(target, OIDS))).containsExactly("entry_account_idx",
        "entry_amount_desc", "entry_memo_lower_idx", "entry_tags_gin");
  }

  @Test
  void aFailedLoadLeavesEveryIndexAndTheResumeFinishes() {
    TestDatabase source = source();
    TestDatabase target = emptyTarget();
    List<String> indexes = Sql.rows(target, INDEXES);
    // the target refuses one row in the middle of entry
    Sql.exec(target, "ALTER TABLE entry ADD CONSTRAINT no_1700 CHECK (id <> 1700)");

    Cli.Run failed = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.resolve("1").toString(), "--batch-size", "500");

    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    assertThat(Sql.rows(target, "SELECT count(*) FROM entry")).containsExactly("1500");
    assertThat(Sql.rows(target, INDEXES)).isEqualTo(indexes);
    assertThat(Sql.rows(target, "SELECT count(*) FROM ferry.deferred_index"))
        .containsExactly("0");

    Sql.exec(target, "ALTER TABLE entry DROP CONSTRAINT no_1700");
    Cli.Run resumed = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.resolve("2").toString(), "--batch-size", "500", "--resume");

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT count(*) FROM entry")).containsExactly("3000");
    assertThat(Sql.rows(target, INDEXES)).isEqualTo(indexes);
  }

  @Test
  void indexesAKilledRunLeftDroppedAreRestoredByTheNextRun() {
    TestDatabase source = source();
    TestDatabase target = emptyTarget();
    List<String> indexes = Sql.rows(target, INDEXES);
    // what a run killed mid-load leaves: the index dropped, its definition recorded
    Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.resolve("1").toString(), "--include", "account");
    Sql.exec(target, "INSERT INTO ferry.deferred_index VALUES ('20260101-000000-dead00',"
        + " 'public.entry', 'entry_tags_gin',"
        + " 'CREATE INDEX entry_tags_gin ON public.entry USING gin (tags)')",
        "DROP INDEX entry_tags_gin");

    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.resolve("2").toString(), "--include", "entry");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, INDEXES)).isEqualTo(indexes);
    assertThat(Sql.rows(target, "SELECT count(*) FROM ferry.deferred_index"))
        .containsExactly("0");
  }

  @Test
  void eachForeignKeyCountsItsOwnOrphans() {
    TestDatabase source = source();
    Sql.exec(source, "SET session_replication_role = replica;"
        + " INSERT INTO entry VALUES (5001, 999, 'A1', 998, 1, NULL, NULL),"
        + " (5002, 999, 'nope', NULL, 1, NULL, NULL), (5003, 1, 'nope', 997, 1, NULL, NULL),"
        + " (5004, 1, NULL, 996, 1, NULL, NULL)");
    TestDatabase target = emptyTarget();

    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.out()).contains(
        "orphan check public.entry.entry_account_id_fkey: FAILED, 2 rows reference no parent",
        "orphan check public.entry.entry_counter_code_fkey: FAILED, 2 rows reference no parent",
        "orphan check public.entry.entry_approver_id_fkey: FAILED, 3 rows reference no parent");
  }

  private static List<String> changed(List<String> before, List<String> after) {
    return after.stream().filter(a -> !before.contains(a)).map(a -> a.split(" ")[0]).sorted()
        .toList();
  }
}
