package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PromotionIT.Scenario;
import dev.ferry.json.Json;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad input to a promotion (PostgreSQL A to MariaDB B, integer keys, see {@link PromotionIT})
 * through the command line: {@code users validate} names the line, the value and the fix and exits
 * 4, and {@code copy --users-map} refuses with the same problem and writes nothing to B (no rows,
 * no state tables). Bad inventories of the target's users stop every command with exit 2 before
 * anything is written. The details of each check are unit-tested in {@link MapValidationTest},
 * {@link UserMapFileTest} and {@link InventoryReaderTest}.
 */
class BadMapInputIT {

  @TempDir static Path shared;
  @TempDir Path dir;

  private static Scenario s;
  private static TestDatabase a;
  private static TestDatabase b;
  private static Path config;
  private static List<String> bUsers;
  /** The operator's complete, valid map for A and B. */
  private static List<String> valid;

  @BeforeAll
  static void promotionWithACompleteMap() throws IOException {
    s = PromotionIT.integers();
    a = s.source().get();
    b = s.target().get();
    PromotionIT.createSchema(a, s);
    PromotionIT.createSchema(b, s);
    PromotionIT.loadSourceData(a, s);
    PromotionIT.loadTargetUsers(b, s);
    bUsers = Db.rows(b, "SELECT * FROM app_user ORDER BY id");
    config = PromotionIT.writeConfig(shared, a, b, PromotionIT.IDENTITY);
    Path map = shared.resolve("user-map.csv");
    Cli.Result mapped = PromotionIT.ferry(config, "users", "map", "--from", "qa", "--to", "uat",
        "--out", map.toString());
    assertThat(mapped.exitCode()).as(mapped.toString()).isEqualTo(3);
    PromotionIT.operatorFills(map, "4", "1004");
    PromotionIT.operatorFills(map, "5", "1006");
    valid = Files.readAllLines(map);
    Cli.Result validated = PromotionIT.ferry(config, "users", "validate", "--map",
        map.toString(), "--from", "qa", "--to", "uat");
    assertThat(validated.exitCode()).as("the map the tests break is valid: " + validated)
        .isZero();
  }

  /** The valid map, changed. Line n of the file is {@code lines.get(n - 1)}. */
  private Path map(Consumer<List<String>> change) throws IOException {
    List<String> lines = new ArrayList<>(valid);
    change.accept(lines);
    Path map = dir.resolve("user-map.csv");
    Files.write(map, lines);
    return map;
  }

  /** Validation and the copy both refuse, name the problems, and nothing reaches B. */
  private void refused(Path map, Path config, String... problems) throws IOException {
    Cli.Result validate = PromotionIT.ferry(config, "users", "validate", "--map",
        map.toString(), "--from", "qa", "--to", "uat");
    Cli.Result copy = PromotionIT.ferry(config, "copy", "--from", "qa", "--to", "uat",
        "--users-map", map.toString(), "--report", dir.resolve("run").toString());

    assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(4);
    assertThat(validate.out()).startsWith("NOT valid: ").contains(problems);
    JsonNode validation = Json.mapper().readTree(dir.resolve("users-validation.json").toFile());
    assertThat(validation.path("valid").asBoolean()).isFalse();
    assertThat(validation.path("fingerprint").isTextual()).isFalse();
    assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(4);
    assertThat(copy.err()).contains("refused before writing anything: the user map")
        .contains(problems);
    assertThat(Files.exists(dir.resolve("run/users-validation.json"))).isTrue();
    PromotionIT.assertNothingWritten(b, bUsers);
  }

  private void refused(Path map, String... problems) throws IOException {
    refused(map, config, problems);
  }

  @Test
  void targetMissingFromTheInventory() throws IOException {
    Path map = map(l -> l.set(4, l.get(4).replace("4,1004,", "4,4711,")));

    refused(map, "user-map.csv:5: no such user in the target (column target_key, value '4711')."
        + " use the key of an existing target user");
  }

  @Test
  void sourceListedTwice() throws IOException {
    Path map = map(l -> l.add("2,1003,operator,operator,1,,,,"));

    refused(map, "user-map.csv:7: source key listed twice, first at line 3 (column source_key,"
        + " value '2'). keep one row per source user");
  }

  @Test
  void rowForAnOrphan() throws IOException {
    // given: A with a reference to user 99, which A does not have
    TestDatabase orphaned = s.source().get();
    PromotionIT.createSchema(orphaned, s);
    PromotionIT.loadSourceData(orphaned, s);
    Db.exec(orphaned, s.orphanSql().toArray(String[]::new));
    Path withOrphan = PromotionIT.writeConfig(dir, orphaned, b, PromotionIT.IDENTITY);
    Path map = map(l -> l.add("99,1004,operator,operator,1,,,,"));

    refused(map, withOrphan,
        "user-map.csv: key 99 is referenced by 1 rows but missing from the source's identity"
            + " table (orphan) (value '99'). fix those rows in the source",
        "user-map.csv:7: this key is referenced but missing from the source's identity table"
            + " (an orphan) (column source_key, value '99'). remove the row");
  }

  @Test
  void missingCsvColumn() throws IOException {
    Path map = map(l -> l.set(0, l.get(0).replace("target_key", "target")));

    refused(map, "user-map.csv:1: required column missing from the header [source_key, target,");
  }

  @Test
  void unbalancedQuote() throws IOException {
    Path map = map(l -> l.set(3, l.get(3).replace("3,1003,", "3,\"1003,")));

    refused(map, "user-map.csv:4: malformed CSV: Unclosed quoted field at end of input (record"
        + " starting at line 4) (value '3,\"1003,matched,");
  }

  @Test
  void latin1Bytes() throws IOException {
    Path map = map(l -> { });
    String text = Files.readString(map).replace("bob@qa", "b\u00f6b@qa");
    Files.write(map, text.getBytes(StandardCharsets.ISO_8859_1));

    refused(map, "user-map.csv:3: not valid UTF-8: byte 0xF6 at byte offset",
        ",b\uFFFDb@qa.example.com,");
  }

  @Test
  void textInAnIntegerKey() throws IOException {
    Path map = map(l -> l.set(4, l.get(4).replace("4,1004,", "4,dan.o,")));

    refused(map, "user-map.csv:5: the target key is not an integer key (target keys are INTEGER)"
        + " (column target_key, value 'dan.o')");
  }

  @Test
  void nullFallbackWhileReferenceColumnsAreNotNull() throws IOException {
    // given: unmatched users become NULL; Dan is unmatched, and some references are NOT NULL
    Path nullConfig = PromotionIT.writeConfig(dir, a, b,
        PromotionIT.IDENTITY.replace("unmatched: fail", "unmatched: null"));
    Path map = dir.resolve("user-map.csv");
    Cli.Result mapped = PromotionIT.ferry(nullConfig, "users", "map", "--from", "qa", "--to",
        "uat", "--out", map.toString());
    PromotionIT.operatorFills(map, "5", "1006");

    assertThat(mapped.exitCode()).as(mapped.toString()).isEqualTo(3);
    assertThat(Files.readAllLines(map).get(4)).startsWith("4,,null,unmatched: null,");
    refused(map, nullConfig, "user-map.csv:5: unmatched and the fallback is null, but these"
        + " reference columns are NOT NULL: public.project.owner_id, public.task.reporter_id,"
        + " public.team.lead_id, public.user_preference.user_id");
  }

  @Test
  void defaultThatIsNoTargetUser() throws IOException {
    Path defaultConfig = PromotionIT.writeConfig(dir, a, b,
        PromotionIT.IDENTITY.replace("unmatched: fail", "unmatched: default:4711"));
    Path map = dir.resolve("user-map.csv");
    PromotionIT.ferry(defaultConfig, "users", "map", "--from", "qa", "--to", "uat", "--out",
        map.toString());
    PromotionIT.operatorFills(map, "5", "1006");

    assertThat(Files.readAllLines(map).get(4)).startsWith("4,4711,default,");
    refused(map, defaultConfig, "user-map.csv:5: the fallback unmatched: default:4711 names no"
        + " user of the target (identity.unmatched, " + defaultConfig + ":16) (column target_key,"
        + " value '4711'). set identity.unmatched in ferry.yaml to an existing target key");
  }

  @Test
  void everyProblemOfATargetInventoryTogetherAndNothingWritten() throws IOException {
    // given: B's users exported by hand, badly
    Path users = Fixtures.file(dir, "uat-users.csv",
        "id,email,display_name",
        "1001,alice.martin@example.com,Alice Martin",
        "1002,robert.stone@example.com",
        "1001,carol@example.com,Carol Diaz",
        "1005,alice.martin@example.com,Someone",
        "10x6,erin@example.com,Erin Walsh");
    Path map = map(l -> { });
    Path bundle = dir.resolve("bundle");

    // when
    Cli.Result export = PromotionIT.ferry(config, "export", "--from", "qa", "--to",
        bundle.toString(), "--users-map", map.toString(), "--target-users", users.toString(),
        "--report", dir.resolve("run").toString());
    Cli.Result usersMap = PromotionIT.ferry(config, "users", "map", "--from", "qa",
        "--target-users", users.toString(), "--out", dir.resolve("new-map.csv").toString());

    // then
    for (Cli.Result run : List.of(export, usersMap)) {
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.err()).contains("is not valid (5 problems); nothing was written")
          .contains("uat-users.csv:1: required column missing from the header [id, email,"
              + " display_name] (column external_id)")
          .contains("uat-users.csv:3: row has 2 fields, the header 3")
          .contains("uat-users.csv:4: duplicate key, first at line 2 (column id, value '1001')")
          .contains("uat-users.csv:5: duplicate match value, first at line 2 (column email,"
              + " value 'alice.martin@example.com')")
          .contains("uat-users.csv:6: the key is not an integer key (the identity key is"
              + " INTEGER) (column id, value '10x6')");
    }
    assertThat(Files.exists(bundle)).isFalse();
    assertThat(Files.exists(dir.resolve("new-map.csv"))).isFalse();
    assertThat(Files.exists(dir.resolve("users-discovery.json"))).isFalse();
  }
}
