package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code children: replace} under the key policies {@code remap} and {@code match}
 * (docs/merge.md, "Child tables"): the incoming parents' target keys come from the id map (or,
 * the first time, from their natural key), the child's rows are compared by the target keys
 * they have after their own policy, and a deleted child's pair leaves the id map with it.
 */
class ChildrenRemapIT {

  @TempDir Path dir;

  /**
   * An account snapshot replayed twice. The target holds z's line of its own, and an account
   * a@x with a line of its own (which {@code match} pairs with the source's account a, and
   * {@code remap} leaves as the target's). The first replay brings accounts a and b with lines
   * 10, 11, 12, 20; then the target changes line 11 and gains line 50 of a; the snapshot loses
   * line 12 and gains line 13. The second replay deletes 12 (and its pair) and 50, restores 11,
   * inserts 13; a dry run foresaw it byte for byte, a third replay changes nothing. Under {@code
   * match} on line, the target's line 50 has line 13's natural key: it is paired, not deleted.
   */
  @ParameterizedTest(name = "{0}: account {1}, line {2}")
  @CsvSource({"postgres, remap, remap", "postgres, remap, preserve", "postgres, match, remap",
      "postgres, match, preserve", "postgres, remap, match", "mariadb, remap, remap",
      "mariadb, match, preserve", "mariadb, remap, match", "h2, remap, remap",
      "h2, match, preserve", "h2, match, remap", "h2, match, match", "sqlite, remap, remap",
      "sqlite, match, preserve", "sqlite, match, match"})
  void aSnapshotReplacesTheChildrenOfItsRemappedParents(String engine, String parent,
      String child) throws IOException {
    // given
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    tables(engine, source);
    tables(engine, target);
    Sql.exec(source, "INSERT INTO account (id, email, name) VALUES (1, 'a@x', 'a'),"
        + " (2, 'b@x', 'b')", "INSERT INTO line (id, account_id, amount, code) VALUES"
        + " (10, 1, 100, 'l10'), (11, 1, 110, 'l11'), (12, 1, 120, 'l12'), (20, 2, 200, 'l20')");
    Sql.exec(target, "INSERT INTO account (email, name) VALUES ('z@x', 'z')",
        "INSERT INTO account (email, name) VALUES ('a@x', 'a0')",
        "INSERT INTO line (account_id, amount, code) VALUES (1, 900, 'z900')",
        "INSERT INTO line (account_id, amount, code) VALUES (2, 555, 'x555')");
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  account: {keys: " + parent
        + (parent.equals("match") ? ", match: [email]" : "") + ", merge: update}\n"
        + "  line: {keys: " + child + (child.equals("match") ? ", match: [code]" : "")
        + ", merge: update, children: replace}\n");
    String rows = "SELECT a.name, l.amount FROM line l JOIN account a ON a.id = l.account_id"
        + " ORDER BY a.name, l.amount";

    // when: the first replay
    Cli.Run dry1 = copy(source.url(), to, "dry1", "--config", config.toString(), "--dry-run");
    Cli.Run run1 = copy(source.url(), to, "run1", "--config", config.toString());

    // then: under match, account a is the target's a@x, whose line 555 the snapshot lacks
    assertThat(dry1.exitCode()).as(dry1.toString()).isZero();
    assertThat(run1.exitCode()).as(run1.toString()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("dry1/merge-audit.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("run1/merge-audit.jsonl")));
    boolean matched = parent.equals("match");
    assertThat(line("run1").path("merge").path("deleted").asLong(-1)).isEqualTo(matched ? 1 : 0);
    assertThat(Sql.rows(target, rows)).containsExactlyElementsOf(matched
        ? List.of("a|100", "a|110", "a|120", "b|200", "z|900")
        : List.of("a|100", "a|110", "a|120", "a0|555", "b|200", "z|900"));

    // given: the target changes line 11 and gains line 50 of a; the snapshot loses line 12
    // and gains line 13
    String a = Sql.rows(target, "SELECT id FROM account WHERE name = 'a'").get(0);
    String eleven = Sql.rows(target, "SELECT id FROM line WHERE amount = 110").get(0);
    String twelve = Sql.rows(target, "SELECT id FROM line WHERE amount = 120").get(0);
    boolean paired = child.equals("match");
    Sql.exec(target, "UPDATE line SET amount = 111 WHERE id = " + eleven,
        "INSERT INTO line (id, account_id, amount, code) VALUES (50, " + a + ", 777, '"
            + (paired ? "l13" : "l50") + "')");
    Sql.exec(source, "DELETE FROM line WHERE id = 12",
        "INSERT INTO line (id, account_id, amount, code) VALUES (13, 1, 130, 'l13')");
    List<String> mapBefore = RemapIT.mapRows(engine, target);

    // when: the second replay, previewed first, then a third
    Cli.Run dry2 = copy(source.url(), to, "dry2", "--config", config.toString(), "--dry-run");
    List<String> afterDry = Sql.rows(target, rows);
    Cli.Run run2 = copy(source.url(), to, "run2", "--config", config.toString());
    List<String> mapAfter = RemapIT.mapRows(engine, target);
    Cli.Run run3 = copy(source.url(), to, "run3", "--config", config.toString());

    // then
    assertThat(dry2.exitCode()).as(dry2.toString()).isZero();
    assertThat(run2.exitCode()).as(run2.toString()).isZero();
    assertThat(afterDry).contains("a|120", "a|777");
    List<String> expected = new ArrayList<>(List.of("a|100", "a|110", "a|130", "b|200", "z|900"));
    if (!matched) {
      expected.add(3, "a0|555");
    }
    assertThat(Sql.rows(target, rows)).containsExactlyElementsOf(expected);
    String table = line("run2").path("target").asText();
    String prefix = "{\"table\":\"" + table + "\",\"key\":\"";
    boolean remapped = !child.equals("preserve");
    String amount = "\",\"fate\":\"updated\",\"status\":\"ok\",\"columns\":[\""
        + (engine.equals("h2") ? "AMOUNT" : "amount") + "\"]}";
    List<String> audit = new ArrayList<>(List.of(
        prefix + twelve + (remapped ? "\",\"sourceKey\":\"12" : "")
            + "\",\"fate\":\"deleted\",\"reason\":\"not in snapshot\",\"status\":\"ok\"}",
        prefix + "50\",\"fate\":\"deleted\",\"reason\":\"not in snapshot\",\"status\":\"ok\"}",
        prefix + "10\",\"fate\":\"unchanged\",\"status\":\"ok\"}",
        prefix + "11" + amount,
        prefix + "13" + (paired ? amount : "\",\"fate\":\"inserted\",\"status\":\"ok\"}"),
        prefix + "20\",\"fate\":\"unchanged\",\"status\":\"ok\"}"));
    if (paired) {
      audit.remove(1);
    }
    assertThat(Files.readAllLines(dir.resolve("run2/merge-audit.jsonl")).stream()
        .filter(l -> l.startsWith("{\"table\":\"" + table + "\"")).toList())
        .containsExactlyElementsOf(audit);
    assertThat(line("run2").path("merge").path("deleted").asLong(-1)).isEqualTo(paired ? 1 : 2);
    assertThat(MergeIT.counts(line("run2").path("merge"))).containsExactlyElementsOf(paired
        ? List.of(0L, 2L, 2L, 0L, 0L) : List.of(1L, 1L, 2L, 0L, 0L));
    assertThat(Files.readAllBytes(dir.resolve("dry2/merge-audit.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("run2/merge-audit.jsonl")));
    assertThat(line("dry2").path("merge").toString())
        .isEqualTo(line("run2").path("merge").toString());
    // the deleted line's pair left the map with it; line 13's joined it
    List<String> lines = lineMap(mapAfter);
    if (remapped) {
      assertThat(lineMap(mapBefore)).anyMatch(r -> r.contains("[\"12\"]"));
      assertThat(lines).hasSize(4).noneMatch(r -> r.contains("[\"12\"]"))
          .anyMatch(r -> r.contains("[\"13\"]"));
    } else {
      assertThat(lines).isEmpty();
    }
    // a third replay deletes nothing and changes nothing
    assertThat(run3.exitCode()).as(run3.toString()).isZero();
    assertThat(line("run3").path("merge").path("deleted").asLong(-1)).isZero();
    assertThat(MergeIT.counts(line("run3").path("merge"))).containsExactly(0L, 0L, 4L, 0L, 0L);
    assertThat(Sql.rows(target, rows)).containsExactlyElementsOf(expected);
    assertThat(RemapIT.mapRows(engine, target)).isEqualTo(mapAfter);
  }

  /**
   * A child under {@code preserve} whose key holds its remapped parent's key, {@code (account_id,
   * n)}: its snapshot keys are compared with the parent's key rewritten through the id map.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "h2", "sqlite"})
  void aCompositeChildKeyIsComparedWithItsParentsTargetKey(String engine) throws IOException {
    // given: a first replay; then the target gains line (a, 9), the snapshot loses (1, 2)
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    for (TestDatabase db : List.of(source, target)) {
      tables(engine, db);
      Sql.exec(db, "CREATE TABLE item (account_id bigint NOT NULL, n integer NOT NULL,"
          + " amount integer, PRIMARY KEY (account_id, n),"
          + " FOREIGN KEY (account_id) REFERENCES account (id))");
    }
    Sql.exec(source, "INSERT INTO account (id, email, name) VALUES (1, 'a@x', 'a'),"
        + " (2, 'b@x', 'b')", "INSERT INTO item VALUES (1, 1, 11), (1, 2, 12), (1, 3, 13),"
        + " (2, 1, 21)");
    Sql.exec(target, "INSERT INTO account (email, name) VALUES ('z@x', 'z')",
        "INSERT INTO item VALUES (1, 2, 900)");
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  account: {keys: remap, merge: update}\n"
        + "  item: {merge: update, children: replace}\n  line: {merge: update}\n");
    Cli.Run first = copy(source.url(), to, "first", "--config", config.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    String a = Sql.rows(target, "SELECT id FROM account WHERE name = 'a'").get(0);
    Sql.exec(target, "INSERT INTO item VALUES (" + a + ", 9, 99)");
    Sql.exec(source, "DELETE FROM item WHERE account_id = 1 AND n = 2");

    // when
    Cli.Run dry = copy(source.url(), to, "dry", "--config", config.toString(), "--dry-run");
    Cli.Run run = copy(source.url(), to, "run", "--config", config.toString());

    // then: z's (1, 2) is the target's own; a's (a, 2) and (a, 9) go
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT a.name, i.n, i.amount FROM item i JOIN account a"
        + " ON a.id = i.account_id ORDER BY a.name, i.n"))
        .containsExactly("a|1|11", "a|3|13", "b|1|21", "z|2|900");
    List<String> deleted = Files.readAllLines(dir.resolve("run/merge-audit.jsonl")).stream()
        .filter(l -> l.contains("\"deleted\"")).map(l -> l.replaceAll(".*\"key\":\"([^\"]*)\".*",
            "$1")).toList();
    assertThat(deleted).containsExactly("[" + a + ", 2]", "[" + a + ", 9]");
    assertThat(Files.readAllBytes(dir.resolve("dry/merge-audit.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("run/merge-audit.jsonl")));
  }

  private static List<String> lineMap(List<String> map) {
    return map.stream().filter(r -> r.substring(0, r.indexOf('|')).toLowerCase(Locale.ROOT)
        .matches("(.*\\.)?line")).toList();
  }

  /** account and line with keys the engine generates, line referencing account. */
  static void tables(String engine, TestDatabase db) {
    String key = switch (engine) {
      case "postgres", "h2" -> "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
      case "mariadb" -> "bigint AUTO_INCREMENT PRIMARY KEY";
      default -> "INTEGER PRIMARY KEY";
    };
    Sql.exec(db, "CREATE TABLE account (id " + key + ", email varchar(40) NOT NULL,"
            + " name varchar(40))",
        "CREATE TABLE line (id " + key + ", account_id bigint NOT NULL, amount integer,"
            + " code varchar(20) DEFAULT 'x' NOT NULL,"
            + " FOREIGN KEY (account_id) REFERENCES account (id))");
  }

  private JsonNode line(String run) throws IOException {
    JsonNode report = dev.ferry.json.Json.mapper().readTree(dir.resolve(run)
        .resolve("run-report.json").toFile());
    for (JsonNode t : report.path("tables")) {
      if (t.path("target").asText().toLowerCase(Locale.ROOT).endsWith("line")) {
        return t;
      }
    }
    throw new AssertionError("no line table in " + report);
  }

  private Cli.Run copy(String from, String to, String report, String... more) {
    List<String> args = new ArrayList<>(List.of("copy", "--from", from, "--to", to,
        "--report", dir.resolve(report).toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }
}
