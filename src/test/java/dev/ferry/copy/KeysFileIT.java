package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table's {@code keys-file:} in {@code ferry.yaml} lists the keys whose rows a copy reads
 * (docs/configuration.md): read before the first write, part of the plan a resume must match,
 * its keys the source lacks noted, and applied by {@code verify} on both sides.
 */
class KeysFileIT {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"postgres", "mariadb", "sqlite"})
  void onlyTheListedRowsAreCopiedAndVerified(String engine) throws IOException {
    // given: keys 1, 4, 6 and 99 (not in the source); pages of 2 rows, the where: besides
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    RowFilterIT.orders(source, target);
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Files.writeString(dir.resolve("allow.csv"), "1\n4\n\n6\n99\n");
    Path config = config("tables:\n  orders:\n    keys-file: allow.csv\n"
        + "    where: \"region = 'EU'\"\n");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--batch-size", "2", "--report", dir.resolve("r").toString());
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--out", dir.resolve("v").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id FROM orders ORDER BY id"))
        .containsExactly("1", "4", "6");
    JsonNode report = Json.mapper().readTree(Files.readString(dir.resolve("r")
        .resolve("run-report.json")));
    assertThat(report.toString()).contains("1 of the 4 keys its keys-file lists are not among"
        + " the source's rows its where: selects, first: [\\\"99\\\"]");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void compositeKeysAreListedAsCsvColumnsInKeyOrder() {
    // given
    TestDatabase source = TestDatabases.freshMariaDb();
    TestDatabase target = TestDatabases.freshMariaDb();
    String ddl = "CREATE TABLE line (order_id int NOT NULL, line_no int NOT NULL, qty int,"
        + " PRIMARY KEY (order_id, line_no))";
    Sql.exec(source, ddl, "INSERT INTO line VALUES (1, 1, 5), (1, 2, 6), (2, 1, 7), (2, 2, 8)");
    Sql.exec(target, ddl);
    write("keys.csv", "1,2\n2, 1\n");
    Path config = config("tables:\n  line: {keys-file: keys.csv}\n");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        config.toString(), "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT order_id, line_no FROM line ORDER BY 1, 2"))
        .containsExactly("1|2", "2|1");
  }

  @Test
  void aLineThatIsNoKeyIsRefusedWithItsLineBeforeAnythingIsWritten() {
    // given
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    RowFilterIT.orders(source, target);
    write("allow.csv", "1\n2,3\n");
    Path config = config("tables:\n  orders:\n    keys-file: allow.csv\n");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        config.toString(), "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains(dir.resolve("allow.csv") + ":2: the line has 2 fields");
    assertThat(Sql.count(target, "orders")).isZero();
  }

  @Test
  void aResumeWithAnotherKeysFileIsRefused() {
    // given: a run stopped half-way (as a kill leaves it), then the file changed
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    RowFilterIT.orders(source, target);
    write("allow.csv", "1\n2\n3\n");
    Path config = config("tables:\n  orders:\n    keys-file: allow.csv\n");
    Cli.Run first = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        config.toString(), "--batch-size", "2", "--report", dir.resolve("first").toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Sql.exec(target, "UPDATE ferry.run SET status = 'running', ended_at = NULL",
        "UPDATE ferry.checkpoint SET done = 0");
    write("allow.csv", "1\n2\n3\n4\n");

    // when
    Cli.Run resumed = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        config.toString(), "--batch-size", "2", "--resume", "--report",
        dir.resolve("resumed").toString());

    // then
    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(4);
    assertThat(resumed.err()).contains("--resume found no run of this plan");
    assertThat(Sql.rows(target, "SELECT id FROM orders ORDER BY id"))
        .containsExactly("1", "2", "3");
  }

  @Test
  void childrenOfParentsTheListLeavesOutNeedThemInTheTarget() {
    // given: customer 2 is not listed, and purchase 20 references it
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    String ddl = "CREATE TABLE customer (id int PRIMARY KEY, region varchar(4));"
        + "CREATE TABLE purchase (id int PRIMARY KEY, customer_id int NOT NULL"
        + " REFERENCES customer (id), amount int)";
    Sql.exec(source, ddl.split(";"));
    Sql.exec(source, "INSERT INTO customer VALUES (1, 'EU'), (2, 'US'), (3, 'EU')",
        "INSERT INTO purchase VALUES (10, 1, 5), (20, 2, 6), (30, 3, 7)");
    Sql.exec(target, ddl.split(";"));
    String to = ForeignKeySetAsideIT.ownerOf(target);
    write("customers.csv", "1\n3\n");
    Path config = config("tables:\n  customer: {keys-file: customers.csv}\n");

    // when
    Cli.Run refused = Cli.run("copy", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--report", dir.resolve("r").toString());
    Sql.exec(target, "INSERT INTO customer VALUES (2, 'US')");
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", to, "--config",
        config.toString(), "--report", dir.resolve("r2").toString());

    // then
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("1 key that rows of", ": 2.");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.count(target, "purchase")).isEqualTo(3);
  }

  private void write(String name, String text) {
    try {
      Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Path config(String text) {
    Path file = dir.resolve("ferry" + System.nanoTime() + ".yaml");
    write(file.getFileName().toString(), text);
    return file;
  }
}
