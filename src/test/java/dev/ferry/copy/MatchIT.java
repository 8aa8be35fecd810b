package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The key policy {@code match} (docs/merge.md, "match"): source rows are paired with the
 * target's rows of the same natural key, the pairs recorded in the id map, the merge mode
 * applied to each pair; unmatched rows get keys the target generates; references follow.
 */
class MatchIT {

  @TempDir Path dir;

  private static final String CONFIG = "tables:\n  customer:\n    keys: match\n"
      + "    match: [email]\n    normalise: [trim, lower-case]\n    merge: update\n"
      + "  orders: {keys: remap}\n";

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "sqlite", "h2"})
  void rowsPairByNaturalKeyTheirChildrenFollowAndARerunChangesNothing(String engine)
      throws IOException {
    // given: the target holds ann and bob under keys of its own, ann's email spelt otherwise
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    tables(engine, source);
    tables(engine, target);
    Sql.exec(source, "INSERT INTO customer (id, email, name) VALUES (11, ' Ann@X.org', 'ann'),"
            + " (12, 'bob@x.org', 'bob'), (13, 'cy@x.org', 'cy')",
        "INSERT INTO orders (id, customer_id, note) VALUES (21, 11, 'a'), (22, 13, 'b'),"
            + " (23, 12, 'c')");
    Sql.exec(target, "INSERT INTO customer (email, name) VALUES ('ann@x.org', 'old ann')",
        "INSERT INTO customer (email, name) VALUES ('bob@x.org', 'bob')");
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, CONFIG);

    // when
    Cli.Run dry = copy(source.url(), to, "--config", config.toString(), "--dry-run");
    Cli.Run run = copy(source.url(), to, "--config", config.toString());
    List<String> mapAfterFirst = RemapIT.mapRows(engine, target);
    Cli.Run again = copy(source.url(), to, "--config", config.toString());
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", to, "--out",
        dir.resolve("verify").toString());

    // then: ann and bob paired with the target's rows (ann's updated), cy inserted
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT id, name FROM customer ORDER BY id"))
        .containsExactly("1|ann", "2|bob", "3|cy");
    assertThat(Sql.rows(target, "SELECT o.note, c.name FROM orders o JOIN customer c"
        + " ON c.id = o.customer_id ORDER BY o.note")).containsExactly("a|ann", "b|cy", "c|bob");
    assertThat(mapAfterFirst).filteredOn(r -> r.toLowerCase(Locale.ROOT).contains("customer"))
        .extracting(r -> r.substring(r.indexOf('|') + 1))
        .containsExactly("[\"11\"]|[\"1\"]", "[\"12\"]|[\"2\"]", "[\"13\"]|[\"3\"]");
    assertThat(table(run, "customer").path("keys").toString())
        .isEqualTo("{\"policy\":\"match\",\"mapped\":0,\"generated\":1,\"matched\":2}");
    assertThat(fates(run, "customer").path("updated").asLong(-1)).isEqualTo(1);
    assertThat(fates(run, "customer").path("unchanged").asLong(-1)).isEqualTo(1);
    assertThat(fates(run, "customer").path("inserted").asLong(-1)).isEqualTo(1);
    assertThat(run.out()).contains("(keys match: 0 mapped, 2 matched, 1 generated)");
    // the dry run foresaw it
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(fates(dry, "customer")).isEqualTo(fates(run, "customer"));
    assertThat(table(dry, "customer").path("keys")).isEqualTo(table(run, "customer").path("keys"));
    // a rerun: every row unchanged, the map as it was
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(RemapIT.mapRows(engine, target)).isEqualTo(mapAfterFirst);
    assertThat(fates(again, "customer").path("unchanged").asLong(-1)).isEqualTo(3);
    assertThat(fates(again, "orders").path("unchanged").asLong(-1)).isEqualTo(3);
    assertThat(table(again, "customer").path("keys").path("mapped").asLong(-1)).isEqualTo(3);
    // verify compares the matched table through the map
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void aNaturalKeyTheTargetHoldsTwiceIsRefusedBeforeAnythingIsWritten() throws IOException {
    // given: after trimming and lower-casing, two target rows are bob
    TestDatabase source = TestDatabases.freshPostgres();
    TestDatabase target = TestDatabases.freshPostgres();
    tables("postgres", source);
    tables("postgres", target);
    Sql.exec(source, "INSERT INTO customer (id, email, name) VALUES (11, 'bob@x.org', 'bob')");
    Sql.exec(target, "INSERT INTO customer (email, name) VALUES ('bob@x.org', 'b1'),"
        + " ('BOB@x.org ', 'b2'), ('zed@x.org', 'z')");
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, CONFIG);

    // when
    Cli.Run run = copy(source.url(), ForeignKeySetAsideIT.ownerOf(target), "--config",
        config.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.out() + run.err()).contains("keys match for public.customer: its natural key"
        + " [email] (normalised: trim, lower-case) is not unique in the target: 1 value is held"
        + " by several rows, e.g. [bob@x.org] (2 rows)");
    assertThat(Sql.rows(target, "SELECT count(*) FROM customer")).containsExactly("3");
    assertThat(Sql.rows(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'ferry'"))
        .containsExactly("0");
  }

  @Test
  void anUnknownColumnANullableOneAndMatchWithoutColumnsAreRefused() throws IOException {
    // given
    TestDatabase source = TestDatabases.freshSqlite();
    TestDatabase target = TestDatabases.freshSqlite();
    tables("sqlite", source);
    tables("sqlite", target);
    Sql.exec(source, "INSERT INTO customer (id, email, name) VALUES (11, 'bob@x.org', 'bob')");
    Path unknown = dir.resolve("unknown.yaml");
    Files.writeString(unknown, "tables:\n  customer:\n    keys: match\n    match: [mail]\n");
    Path nullable = dir.resolve("nullable.yaml");
    Files.writeString(nullable, "tables:\n  customer:\n    keys: match\n    match: [name]\n");
    Path none = dir.resolve("none.yaml");
    Files.writeString(none, "tables:\n  customer:\n    keys: match\n");

    // when
    Cli.Run a = copy(source.url(), target.url(), "--config", unknown.toString());
    Cli.Run b = copy(source.url(), target.url(), "--config", nullable.toString());
    Cli.Run c = copy(source.url(), target.url(), "--config", none.toString());
    Cli.Run d = copy(source.url(), target.url(), "--keys", "match");

    // then
    assertThat(a.exitCode()).as(a.toString()).isEqualTo(2);
    assertThat(a.err()).contains(unknown + ":2: tables.customer.match names the column 'mail',"
        + " which the copy of customer does not carry");
    assertThat(b.exitCode()).as(b.toString()).isEqualTo(4);
    assertThat(b.out() + b.err()).contains("keys match for customer: its natural-key column"
        + " name may be NULL in the target");
    assertThat(c.exitCode()).as(c.toString()).isEqualTo(2);
    assertThat(c.err()).contains(none + ":2: tables.customer has keys: match but no natural"
        + " key");
    assertThat(d.exitCode()).as(d.toString()).isEqualTo(2);
    assertThat(d.err()).contains("--keys match needs each table's natural key");
    assertThat(Sql.count(target, "customer")).isZero();
  }

  @Test
  void duplicateNaturalKeysInTheSourceAreConflictsAndNotWritten() throws IOException {
    // given: two source rows are cy once trimmed and lower-cased; bob's target row is
    // already paired by the first run with source row 12
    TestDatabase source = TestDatabases.freshSqlite();
    TestDatabase target = TestDatabases.freshSqlite();
    tables("sqlite", source);
    tables("sqlite", target);
    Sql.exec(source, "INSERT INTO customer (id, email, name) VALUES (12, 'bob@x.org', 'bob'),"
        + " (13, 'cy@x.org', 'cy'), (14, 'CY@x.org ', 'cy2')");
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, CONFIG.replace("merge: update", "merge: skip"));
    Path fail = dir.resolve("fail.yaml");
    Files.writeString(fail, CONFIG.replace("merge: update", "merge: fail"));

    // when
    Cli.Run refused = copy(source.url(), target.url(), "--config", fail.toString());
    Cli.Run run = copy(source.url(), target.url(), "--config", config.toString());
    Sql.exec(source, "INSERT INTO customer (id, email, name) VALUES (15, 'Bob@x.org', 'bob2')");
    Cli.Run again = copy(source.url(), target.url(), "--config", config.toString());

    // then
    assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
    assertThat(refused.out() + refused.err()).contains("[\"14\"] (duplicate natural key)");
    // recorded conflicts: the run is done, and exits 3 (merge.md, "Conflicts and exit 3")
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(fates(run, "customer").path("conflicts").asLong(-1)).isEqualTo(1);
    // one status vocabulary: a duplicate natural key is a "duplicate" in the audit
    assertThat(Files.readString(reports.get(run).resolve("merge-audit.jsonl")))
        .contains("\"key\":\"14\",\"fate\":\"conflict\",\"reason\":\"duplicate natural"
            + " key\",\"status\":\"duplicate\"}");
    assertThat(Sql.rows(target, "SELECT name FROM customer ORDER BY id"))
        .containsExactly("bob", "cy");
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
    assertThat(fates(again, "customer").path("conflicts").asLong(-1)).isEqualTo(2);
    assertThat(Sql.count(target, "customer")).isEqualTo(2);
  }

  // ---- helpers ----

  private final java.util.Map<Cli.Run, Path> reports = new java.util.IdentityHashMap<>();

  private Cli.Run copy(String from, String to, String... more) {
    Path report = dir.resolve("r" + System.nanoTime());
    List<String> args = new ArrayList<>(List.of("copy", "--from", from, "--to", to,
        "--report", report.toString()));
    args.addAll(List.of(more));
    Cli.Run run = Cli.run(args.toArray(String[]::new));
    reports.put(run, report);
    return run;
  }

  /** customer (email NOT NULL, name nullable) and orders, with keys the engine generates. */
  static void tables(String engine, TestDatabase db) {
    String key = switch (engine) {
      case "postgres", "h2" -> "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
      case "mariadb" -> "bigint AUTO_INCREMENT PRIMARY KEY";
      default -> "INTEGER PRIMARY KEY";
    };
    Sql.exec(db, "CREATE TABLE customer (id " + key + ", email varchar(60) NOT NULL,"
            + " name varchar(40))",
        "CREATE TABLE orders (id " + key + ", customer_id bigint NOT NULL REFERENCES"
            + " customer (id), note varchar(40))");
  }

  private JsonNode fates(Cli.Run run, String table) throws IOException {
    return table(run, table).path("merge");
  }

  private JsonNode table(Cli.Run run, String table) throws IOException {
    JsonNode report = Json.mapper().readTree(Files.readString(reports.get(run)
        .resolve("run-report.json")));
    for (JsonNode t : report.path("tables")) {
      if (t.path("target").asText().toLowerCase(Locale.ROOT).endsWith(table)) {
        return t;
      }
    }
    throw new AssertionError("no table " + table + " in the report\n" + run);
  }
}
