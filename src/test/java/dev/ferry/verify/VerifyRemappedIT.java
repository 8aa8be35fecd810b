package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerificationReport.ColumnResult;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy whose user references were rewritten to the target's users verifies through the user
 * map without a false mismatch; a reference pointing at the wrong target user, one pointing at
 * no user, and a source user missing from the map are each found and located.
 */
class VerifyRemappedIT {

  static final String SCHEMA = """
      CREATE TABLE app_user (id int PRIMARY KEY, email text NOT NULL);
      CREATE TABLE ticket (id int PRIMARY KEY, title text NOT NULL,
        owner_id int NOT NULL REFERENCES app_user (id), reviewer_id int);
      CREATE TABLE label (id int PRIMARY KEY, name text)
      """;

  /** Source user → target user: the same people under other keys. */
  static final Map<Integer, Integer> MAP = Map.of(1, 103, 2, 101, 3, 102);

  @TempDir Path dir;

  TestDatabase source;
  TestDatabase target;
  Path config;
  Path map;

  @BeforeEach
  void remappedCopy() throws IOException {
    source = TestDatabases.freshPostgres();
    target = TestDatabases.freshPostgres();
    Db.script(source, SCHEMA);
    Db.script(target, SCHEMA);
    Db.exec(source, "INSERT INTO app_user VALUES (1, 'ana@x'), (2, 'bob@x'), (3, 'cy@x')");
    Db.exec(target, "INSERT INTO app_user VALUES (101, 'bob@x'), (102, 'cy@x'), (103, 'ana@x'),"
        + " (104, 'dee@x')");
    List<String> sourceTickets = new ArrayList<>();
    List<String> targetTickets = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      int owner = i % 3 + 1;
      Integer reviewer = i % 4 == 0 ? null : (i + 1) % 3 + 1;
      sourceTickets.add("(" + i + ", 'ticket " + i + "', " + owner + ", " + reviewer + ")");
      targetTickets.add("(" + i + ", 'ticket " + i + "', " + MAP.get(owner) + ", "
          + (reviewer == null ? null : MAP.get(reviewer)) + ")");
    }
    Db.exec(source, "INSERT INTO ticket VALUES " + String.join(", ", sourceTickets),
        "INSERT INTO label VALUES (1, 'bug'), (2, 'feature')");
    Db.exec(target, "INSERT INTO ticket VALUES " + String.join(", ", targetTickets),
        "INSERT INTO label VALUES (1, 'bug'), (2, 'feature')");
    config = Files.writeString(dir.resolve("ferry.yaml"), """
        identity:
          table: app_user
          key: id
          match:
            - column: email
          soft-references:
            - ticket.reviewer_id
        """);
    map = Files.writeString(dir.resolve("user-map.csv"), """
        source_key,target_key,status,matched_by,references
        1,103,matched,email,10
        2,101,matched,email,10
        3,102,matched,email,10
        """);
  }

  private Cli.Result verify(String out, boolean withMap) {
    List<String> args = new ArrayList<>(List.of("verify", "--config", config.toString(),
        "--from", source.url(), "--to", target.url(), "--out", dir.resolve(out).toString()));
    if (withMap) {
      args.addAll(List.of("--users-map", map.toString()));
    }
    return Cli.run(args.toArray(new String[0]));
  }

  @Test
  void remappedCopyPassesThroughTheMapWithoutFalseMismatches() {
    // when
    Cli.Result withMap = verify("with-map", true);
    Cli.Result withoutMap = verify("without-map", false);

    // then
    assertThat(withMap.exitCode()).as(withMap.toString()).isZero();
    VerificationReport report = Shop.read(dir.resolve("with-map"));
    assertThat(report.passed()).isTrue();
    assertThat(report.transformations()).containsKey("user-map");
    assertThat(report.rule("remapped-references").orElseThrow().checked())
        .as("two columns by checksum, two by existence in app_user").isEqualTo(4);
    assertThat(report.table("public.ticket").orElseThrow().columns())
        .filteredOn(ColumnResult::remapped).extracting(ColumnResult::name)
        .containsExactly("owner_id", "reviewer_id");
    assertThat(report.table("public.app_user")).isEmpty();
    assertThat(report.notes()).anyMatch(n -> n.startsWith("identity table public.app_user is not"
        + " compared"));
    assertThat(report.orphans()).extracting(o -> o.kind() + " " + o.constraint())
        .containsExactly("foreign-key public.ticket.ticket_owner_id_fkey",
            "remapped-reference public.ticket.owner_id",
            "remapped-reference public.ticket.reviewer_id",
            "soft-reference public.ticket.reviewer_id");
    // without the map, every rewritten reference looks like a mismatch
    assertThat(withoutMap.exitCode()).isEqualTo(3);
    assertThat(Shop.failures(Shop.read(dir.resolve("without-map")), "checksum"))
        .extracting(f -> f.table() + "." + f.column())
        .contains("public.ticket.owner_id", "public.ticket.reviewer_id");
  }

  @Test
  void wrongTargetUserDanglingReferenceAndUnmappedUserAreLocated() {
    // given: ticket 7 (owner 2 → 101) now points at 102; ticket 9's reviewer at no user;
    // ticket 31's owner, source user 4, is not in the map
    Db.exec(target, "UPDATE ticket SET owner_id = 102 WHERE id = 7",
        "UPDATE ticket SET reviewer_id = 999 WHERE id = 9");
    Db.exec(source, "INSERT INTO app_user VALUES (4, 'dee@x')",
        "INSERT INTO ticket VALUES (31, 'new', 4, NULL)");
    Db.exec(target, "INSERT INTO ticket VALUES (31, 'new', 104, NULL)");

    // when
    Cli.Result run = verify("faulty", true);

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    VerificationReport report = Shop.read(dir.resolve("faulty"));
    assertThat(Shop.difference(report, "ticket", "changed", "7").columns()).singleElement()
        .satisfies(c -> {
          assertThat(c.column()).isEqualTo("owner_id");
          assertThat(c.source()).as("map(source)").isEqualTo("101");
          assertThat(c.target()).isEqualTo("102");
        });
    assertThat(Shop.difference(report, "ticket", "changed", "9").columns())
        .extracting(VerificationReport.Cell::column).containsExactly("reviewer_id");
    assertThat(Shop.failures(report, "remapped-references"))
        .extracting(f -> f.column() + ": " + f.message())
        .contains("owner_id: 1 source values are not in the user map",
            "reviewer_id: 1 row references no row of public.app_user[id]; first [id,"
                + " reviewer_id]: [[9, 999]]")
        .anyMatch(m -> m.startsWith("owner_id: checksum of the mapped source values "));
    assertThat(Shop.failures(report, "orphans")).singleElement()
        .satisfies(f -> assertThat(f.column()).isEqualTo("reviewer_id"));
    assertThat(Shop.failures(report, "checksum")).as("only rewritten columns differ").isEmpty();
  }

  @Test
  void mapWithoutIdentitySectionAndMalformedMapAreBadInput() throws IOException {
    // given
    Path broken = Files.writeString(dir.resolve("broken.csv"), "source_key,target_key\n1\n");

    // when
    Cli.Result noIdentity = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--users-map", map.toString(), "--config", Files.writeString(dir.resolve("empty.yaml"),
            "environments: {}\n").toString(), "--out", dir.toString());
    Cli.Result malformed = Cli.run("verify", "--config", config.toString(), "--from",
        source.url(), "--to", target.url(), "--users-map", broken.toString(), "--out",
        dir.toString());

    // then
    assertThat(noIdentity.exitCode()).isEqualTo(2);
    assertThat(noIdentity.err()).contains("--users-map needs the identity section");
    assertThat(malformed.exitCode()).isEqualTo(2);
    assertThat(malformed.err()).contains("broken.csv:2: the row has 1 fields, the header 2");
    assertThat(dir.resolve("verification.json")).doesNotExist();
  }
}
