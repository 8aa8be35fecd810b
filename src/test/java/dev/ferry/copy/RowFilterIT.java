package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table's {@code where:} in {@code ferry.yaml} selects the subset of its rows a copy reads
 * (docs/configuration.md): in every read, checked before the first write, part of the plan a
 * resume must match, and applied by {@code verify} too.
 */
class RowFilterIT {

  @TempDir Path dir;

  private static final String WHERE = "region = 'EU' AND created >= '2024-01-01'";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"postgres", "mariadb", "sqlite", "h2"})
  void aFilteredCopyCarriesTheSubsetAndVerifyCompareIt(String engine) throws IOException {
    // given: pages of 2 rows, so the condition meets the keyset predicate
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    orders(source, target);
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = config("tables:\n  orders:\n    where: \"" + WHERE + "\"\n");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--batch-size", "2", "--report", dir.resolve("r").toString());
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--out", dir.resolve("v").toString());
    Cli.Run unfiltered = Cli.run("verify", "--from", source.url(), "--to", to,
        "--out", dir.resolve("u").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id FROM orders ORDER BY id"))
        .containsExactly("1", "3", "5", "6");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(unfiltered.exitCode()).as(unfiltered.toString()).isNotZero();
  }

  @Test
  void aMergeWritesOnlyTheSubsetAndLeavesTheOtherRowsAlone() throws IOException {
    // given: the target holds 1 (changed) and 2 (changed, outside the subset)
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    orders(source, target);
    Sql.exec(target, "INSERT INTO orders VALUES (1, 'EU', '2024-01-01', 99),"
        + " (2, 'US', '2024-02-01', 99)");
    String to = ForeignKeySetAsideIT.ownerOf(target);
    Path config = config("tables:\n  orders:\n    merge: update\n    where: \"" + WHERE + "\"\n");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--batch-size", "2", "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, amount FROM orders ORDER BY id"))
        .containsExactly("1|10", "2|99", "3|30", "5|50", "6|60");
    // row 2 is on the source, outside the subset: the report counts no target-only rows it
    // cannot know (the rows the filter left out were never read)
    assertThat(Files.readString(dir.resolve("r/run-report.json")))
        .contains("\"updated\" : 1").doesNotContain("\"targetOnly\" : 1");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "postgres|1=1; DROP TABLE orders|not statements",
      "postgres|region = 'EU' -- and the rest|comment",
      "postgres|region = 'EU' /* hidden */|comment",
      "postgres|id IN (SELECT id FROM orders FOR UPDATE)|must only read",
      "postgres|region = 'EU' region|not one SQL condition",
      "mariadb|1=1 # comment|comment"})
  void hostileConditionsAreRefusedWithTheirLineBeforeAnythingIsWritten(String engine,
      String condition, String said) {
    // given
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    orders(source, target);
    Path config = config("environments: {}\ntables:\n  orders:\n    where: \""
        + condition.replace("\"", "\\\"") + "\"\n");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        config.toString(), "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains(config + ":4: tables.orders.where", said);
    assertThat(Sql.count(target, "orders")).isZero();
    assertThat(Sql.count(source, "orders")).isEqualTo(6);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"postgres", "mariadb"})
  void aConditionTheSourceCannotRunIsRefusedWithItsLineAndTheDriversMessage(String engine) {
    // given
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    orders(source, target);
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = config("tables:\n  orders:\n    where: \"contry = 'EU'\"\n");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--report", dir.resolve("r").toString());

    // then: nothing written, the state tables included
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains(config + ":3: tables.orders.where does not run on the source",
        "contry", "(id, region, created, amount)");
    assertThat(Sql.count(target, "orders")).isZero();
    if (engine.equals("postgres")) {
      assertThat(Sql.rows(target, "SELECT count(*) FROM information_schema.tables"
          + " WHERE table_schema = 'ferry'")).containsExactly("0");
    }
  }

  @Test
  void aResumeWithAnotherConditionIsRefused() {
    // given: a filtered run stopped half-way (as a kill leaves it)
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    orders(source, target);
    Path config = config("tables:\n  orders:\n    where: \"" + WHERE + "\"\n");
    Cli.Run first = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        config.toString(), "--batch-size", "2", "--report", dir.resolve("first").toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Sql.exec(target, "UPDATE ferry.run SET status = 'running', ended_at = NULL",
        "UPDATE ferry.checkpoint SET done = 0", "DELETE FROM orders WHERE id > 3");
    String runId = Sql.rows(target, "SELECT run_id FROM ferry.run").get(0);
    Path other = config("tables:\n  orders:\n    where: \"region = 'EU'\"\n");

    // when
    Cli.Run resumed = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        other.toString(), "--batch-size", "2", "--resume", "--report",
        dir.resolve("resumed").toString());
    Cli.Run byId = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        other.toString(), "--batch-size", "2", "--resume=" + runId, "--report",
        dir.resolve("byId").toString());

    // then: the other condition finds no run of its plan, and is not that run's plan
    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(4);
    assertThat(resumed.err()).contains("--resume found no run of this plan");
    assertThat(byId.exitCode()).as(byId.toString()).isEqualTo(4);
    assertThat(byId.err()).contains("run " + runId + " was planned with fingerprint",
        "the plan changed since");
    assertThat(Sql.rows(target, "SELECT id FROM orders ORDER BY id")).containsExactly("1", "3");
  }

  @Test
  void aConditionOnABundleSourceIsRefusedWithItsLine() {
    // given
    TestDatabase source = TestDatabases.freshH2();
    TestDatabase target = TestDatabases.freshH2();
    orders(source, target);
    Path bundle = dir.resolve("bundle");
    Cli.Run export = Cli.run("export", "--from", source.url(), "--to", bundle.toString(),
        "--report", dir.resolve("e").toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    Path config = config("tables:\n  orders:\n    where: \"region = 'EU'\"\n");

    // when
    Cli.Run run = Cli.run("import", "--from", bundle.toString(), "--to", target.url(),
        "--config", config.toString(), "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains(config + ":3: tables.orders.where is a SQL condition");
    assertThat(Sql.count(target, "orders")).isZero();
  }

  @Test
  void anExportCarriesTheSubset() throws IOException {
    // given
    TestDatabase source = TestDatabases.freshMariaDb();
    TestDatabase target = TestDatabases.freshH2();
    orders(source, target);
    Path config = config("tables:\n  orders:\n    where: \"" + WHERE + "\"\n");
    Path bundle = dir.resolve("bundle");

    // when
    Cli.Run export = Cli.run("export", "--from", source.url(), "--to", bundle.toString(),
        "--config", config.toString(), "--report", dir.resolve("e").toString());
    Cli.Run load = Cli.run("import", "--from", bundle.toString(), "--to", target.url(),
        "--report", dir.resolve("i").toString());

    // then
    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id FROM orders ORDER BY id"))
        .containsExactly("1", "3", "5", "6");
  }

  @ParameterizedTest(name = "{0}, parent in the target: {1}")
  @CsvSource({"postgres,true", "postgres,false", "mariadb,true", "mariadb,false",
      "sqlite,false"})
  void childrenOfParentsTheFilterLeavesOutNeedThemInTheTarget(String engine,
      boolean parentInTarget) {
    // given: customer 2 is not EU, and order 20 references it
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    String ddl = "CREATE TABLE customer (id int PRIMARY KEY, region varchar(4));"
        + "CREATE TABLE purchase (id int PRIMARY KEY, customer_id int NOT NULL"
        + " REFERENCES customer (id), amount int)";
    Sql.exec(source, ddl.split(";"));
    Sql.exec(source, "INSERT INTO customer VALUES (1, 'EU'), (2, 'US'), (3, 'EU')",
        "INSERT INTO purchase VALUES (10, 1, 5), (20, 2, 6), (30, 3, 7), (40, 3, 8)");
    Sql.exec(target, ddl.split(";"));
    if (parentInTarget) {
      Sql.exec(target, "INSERT INTO customer VALUES (2, 'US')");
    }
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = config("tables:\n  customer:\n    where: \"region = 'EU'\"\n");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--batch-size", "2", "--report", dir.resolve("r").toString());

    // then
    if (parentInTarget) {
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(Sql.rows(target, "SELECT id FROM customer ORDER BY id"))
          .containsExactly("1", "2", "3");
      assertThat(Sql.count(target, "purchase")).isEqualTo(4);
    } else {
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      assertThat(run.err()).contains("1 key that rows of", "purchase", "customer", ": 2.");
      assertThat(Sql.count(target, "customer")).isZero();
      assertThat(Sql.count(target, "purchase")).isZero();
    }
  }

  // ---- helpers ----

  /** Rows 1, 3, 5, 6 are EU since 2024; 2 is US, 4 is EU of 2023. */
  static void orders(TestDatabase source, TestDatabase target) {
    String ddl = "CREATE TABLE orders (id int PRIMARY KEY, region varchar(4), created date,"
        + " amount int)";
    Sql.exec(source, ddl, "INSERT INTO orders VALUES (1, 'EU', '2024-01-01', 10),"
        + " (2, 'US', '2024-02-01', 20), (3, 'EU', '2024-03-01', 30),"
        + " (4, 'EU', '2023-12-31', 40), (5, 'EU', '2024-05-01', 50),"
        + " (6, 'EU', '2024-06-01', 60)");
    Sql.exec(target, ddl);
  }

  private Path config(String text) {
    try {
      Path file = dir.resolve("ferry" + System.nanoTime() + ".yaml");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
