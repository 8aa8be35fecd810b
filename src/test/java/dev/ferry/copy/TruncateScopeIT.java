package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run touches only the tables it selected: emptying a table for --truncate-target or a keyless
 * reload never reaches its inheritance children, and a table left out of the run that refers to
 * an emptied one makes the run refuse instead of losing or orphaning its rows.
 */
class TruncateScopeIT {

  @TempDir Path dir;

  private static final String ORDERS = """
      CREATE TABLE orders (id int PRIMARY KEY, total int);
      CREATE TABLE orders_archive (archived date) INHERITS (orders);
      """;

  @Test
  void truncatingAnInheritanceParentLeavesItsChildrensRowsAlone() {
    // given
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, ORDERS, "INSERT INTO orders VALUES (1, 10), (2, 20)");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, ORDERS, "INSERT INTO orders VALUES (1, 99)",
        "INSERT INTO orders_archive VALUES (7, 70, '2020-01-01'), (8, 80, '2020-01-02')");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--include",
        "orders", "--truncate-target", "--report", dir.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, total FROM ONLY orders ORDER BY id"))
        .containsExactly("1|10", "2|20");
    assertThat(Sql.rows(target, "SELECT id FROM orders_archive ORDER BY id"))
        .containsExactly("7", "8");
  }

  @Test
  void aKeylessTableReloadedOnResumeKeepsItsInheritanceChildrensRows() {
    // given: a keyless parent whose child holds rows of its own, and a run that stopped after
    // part of the parent's rows (rewound as a kill leaves it)
    String schema = "CREATE TABLE event (at int, what text);"
        + " CREATE TABLE event_old (kept boolean) INHERITS (event);";
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, schema, "INSERT INTO event SELECT g, 'e' || g FROM generate_series(1, 30) g");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, schema);
    Cli.Run first = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--include",
        "event", "--batch-size", "10", "--report", dir.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Sql.exec(target, "INSERT INTO event_old VALUES (100, 'old', true), (101, 'older', true)",
        "UPDATE ferry.run SET status = 'running', ended_at = NULL",
        "UPDATE ferry.checkpoint SET done = 0, rows_written = 10",
        "DELETE FROM ONLY event WHERE at > 10");

    // when
    Cli.Run resumed = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--include",
        "event", "--batch-size", "10", "--report", dir.toString(), "--resume");

    // then
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(Sql.count(target, "ONLY event")).isEqualTo(30);
    assertThat(Sql.rows(target, "SELECT at FROM event_old ORDER BY at"))
        .containsExactly("100", "101");
  }

  @Test
  void anEmptyParentWhoseInheritanceChildHoldsRowsIsLoadedWithoutTruncating() {
    // given: the parent has no rows of its own; its child's rows are not the parent's
    String schema = "CREATE TABLE event (at int, what text);"
        + " CREATE TABLE event_old (kept boolean) INHERITS (event);";
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, schema, "INSERT INTO event VALUES (1, 'a'), (2, 'b')");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, schema, "INSERT INTO event_old VALUES (100, 'old', true)");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--include",
        "event", "--report", dir.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT at FROM ONLY event ORDER BY at"))
        .containsExactly("1", "2");
    assertThat(Sql.rows(target, "SELECT at FROM event_old")).containsExactly("100");
  }

  @Test
  void postgresRefusesToTruncateATableThatATableLeftOutRefersTo() {
    // given
    String schema = "CREATE TABLE customer (id int PRIMARY KEY, name text);"
        + " CREATE TABLE invoice (id int PRIMARY KEY,"
        + " customer_id int REFERENCES customer (id) ON DELETE CASCADE)";
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, schema, "INSERT INTO customer VALUES (1, 'a'), (2, 'b')");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, schema, "INSERT INTO customer VALUES (1, 'old')",
        "INSERT INTO invoice VALUES (10, 1)");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--include",
        "customer", "--truncate-target", "--report", dir.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("invoice", "customer");
    assertThat(Sql.rows(target, "SELECT id, name FROM customer")).containsExactly("1|old");
    assertThat(Sql.rows(target, "SELECT id FROM invoice")).containsExactly("10");
  }

  @Test
  void mariaDbRefusesToEmptyATableThatATableLeftOutRefersTo() {
    // given: the left-out child would lose its rows to ON DELETE CASCADE, or keep orphans
    String schema = "CREATE TABLE customer (id int PRIMARY KEY, name varchar(20));"
        + " CREATE TABLE invoice (id int PRIMARY KEY, customer_id int,"
        + " FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE)";
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, schema.split(";"));
    Sql.exec(source, "INSERT INTO customer VALUES (1, 'a'), (2, 'b')");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, schema.split(";"));
    Sql.exec(target, "INSERT INTO customer VALUES (1, 'old')",
        "INSERT INTO invoice VALUES (10, 1)");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--include",
        "customer", "--truncate-target", "--report", dir.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("invoice");
    assertThat(Sql.rows(target, "SELECT id, name FROM customer")).containsExactly("1|old");
    assertThat(Sql.rows(target, "SELECT id, customer_id FROM invoice")).containsExactly("10|1");
  }

  @Test
  void postgresRefusesToTruncateATableThatAnEmptyTableLeftOutRefersTo() {
    // given: the target's empty archive table (a partition of old, say) that the source lacks;
    // PostgreSQL's TRUNCATE refuses any referenced table, rows or none
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, "CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(20))",
        "INSERT INTO customer VALUES (1, 'a'), (2, 'b')");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, "CREATE TABLE customer (id int PRIMARY KEY, name text);"
        + " CREATE TABLE payment_2007 (id int PRIMARY KEY, customer_id int REFERENCES customer);"
        + " INSERT INTO customer VALUES (1, 'old')");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--truncate-target", "--report", dir.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("target table public.payment_2007 is not part of this run but"
        + " refers to public.customer", "TRUNCATE refuses");
    assertThat(Sql.rows(target, "SELECT id, name FROM customer")).containsExactly("1|old");
  }

  @Test
  void aTruncateThatFailsBeforeTheRunBeginsSaysWhy() {
    // given: a target loaded once (ferry's state tables exist), and since then a table in a
    // schema the run does not read refers to the emptied one, which the preflight (it reads the
    // run's schema) does not see
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE customer (id int PRIMARY KEY, name text);"
        + " INSERT INTO customer VALUES (1, 'a'), (2, 'b')");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, "CREATE TABLE customer (id int PRIMARY KEY, name text)");
    Cli.Run first = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.resolve("first").toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Sql.exec(target, "CREATE SCHEMA archive;"
        + " CREATE TABLE archive.payment (id int PRIMARY KEY, customer_id int REFERENCES customer)");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--truncate-target", "--report", dir.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("emptying the target tables (--truncate-target)",
        "cannot truncate a table referenced in a foreign key constraint")
        .doesNotContain("no details");
    assertThat(Sql.count(target, "customer")).isEqualTo(2);
  }

  @Test
  void emptyingMariaDbTablesIsAllOrNothing() {
    // given: the parent's rows cannot be deleted (a trigger refuses), so emptying fails half-way
    String schema = "CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(20));"
        + " CREATE TABLE invoice (id INT PRIMARY KEY, customer_id INT,"
        + " FOREIGN KEY (customer_id) REFERENCES customer (id))";
    TestDatabase source = TestDatabases.freshMariaDb();
    Sql.exec(source, schema.split(";"));
    Sql.exec(source, "INSERT INTO customer VALUES (1, 'a')", "INSERT INTO invoice VALUES (7, 1)");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, schema.split(";"));
    Sql.exec(target, "INSERT INTO customer VALUES (1, 'old')", "INSERT INTO invoice VALUES (10, 1)",
        "CREATE TRIGGER keep BEFORE DELETE ON customer FOR EACH ROW"
            + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'customers are kept'");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(),
        "--truncate-target", "--allow-triggers", "--report", dir.toString());

    // then: nothing emptied, not even the child deleted first
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("customers are kept");
    assertThat(Sql.rows(target, "SELECT id, customer_id FROM invoice")).containsExactly("10|1");
    assertThat(Sql.rows(target, "SELECT id, name FROM customer")).containsExactly("1|old");
  }
}
