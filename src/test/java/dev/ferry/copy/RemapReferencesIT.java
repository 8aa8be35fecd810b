package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * References to remapped tables beyond a child's own foreign key (docs/merge.md, "Key
 * policies"): a table whose composite key is made of references to remapped tables keeps its
 * key policy {@code preserve} and has both halves of its key rewritten, and a merge of it finds
 * its rows by the rewritten key on a rerun.
 */
class RemapReferencesIT {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "sqlite", "h2"})
  void aCompositeKeyOfReferencesToRemappedTablesIsRewrittenAndMergedOnARerun(String engine)
      throws IOException {
    // given: playlists and tracks whose keys collide with the target's, and the junction of the
    // two, whose key is (playlist, track)
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    musicTables(engine, source);
    musicTables(engine, target);
    Sql.exec(source, "INSERT INTO playlist (id, name) VALUES (1, 'rock'), (2, 'jazz')",
        "INSERT INTO track (id, title) VALUES (1, 'one'), (2, 'two'), (3, 'three')",
        "INSERT INTO playlist_track (playlist_id, track_id, pos) VALUES (1, 1, 1), (1, 3, 2),"
            + " (2, 2, 1), (2, 3, 2)");
    Sql.exec(target, "INSERT INTO playlist (name) VALUES ('mine')",
        "INSERT INTO track (title) VALUES ('local')",
        "INSERT INTO playlist_track (playlist_id, track_id, pos) VALUES (1, 1, 9)");
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  playlist: {keys: remap}\n  track: {keys: remap}\n"
        + "  playlist_track: {merge: update}\n");

    // when: a copy, then the same copy again after the source moved one track
    Cli.Run run = copy(source.url(), to, "--config", config.toString());
    Sql.exec(source, "UPDATE playlist_track SET pos = 7 WHERE playlist_id = 2 AND track_id = 3");
    Cli.Run again = copy(source.url(), to, "--config", config.toString());

    // then: every junction row names its own playlist and track; the target's row is kept; the
    // rerun updated the one row that changed and inserted nothing
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT p.name, t.title, j.pos FROM playlist_track j"
        + " JOIN playlist p ON p.id = j.playlist_id JOIN track t ON t.id = j.track_id"
        + " ORDER BY p.name, t.title"))
        .containsExactly("jazz|three|7", "jazz|two|1", "mine|local|9", "rock|one|1",
            "rock|three|2");
    assertThat(again.out()).containsIgnoringCase("playlist_track: 1 row (merge update: 0 inserted, 1 updated");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "sqlite"})
  void verifyOfTablesThatLeaveTheRemappedParentOutStillComparesTheirReferencesThroughTheMap(
      String engine) throws IOException {
    // given: a copy that remapped the tracks
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    musicTables(engine, source);
    musicTables(engine, target);
    Sql.exec(source, "INSERT INTO playlist (id, name) VALUES (1, 'rock')",
        "INSERT INTO track (id, title) VALUES (1, 'one'), (2, 'two')",
        "INSERT INTO playlist_track (playlist_id, track_id, pos) VALUES (1, 2, 1), (1, 1, 2)");
    Sql.exec(target, "INSERT INTO track (title) VALUES ('local')");
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  track: {keys: remap}\n");
    Cli.Run run = copy(source.url(), target.url(), "--config", config.toString());

    // when: only the junction and the playlists are verified
    Cli.Run verified = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--include", "playlist,playlist_track", "--out", dir.resolve("v").toString());

    // then: the junction's track_id is compared through the map, though track is left out
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    assertThat(verified.out()).containsIgnoringCase("references to")
        .containsIgnoringCase("track (not compared here) are compared through ferry's id map");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "mariadb", "sqlite", "h2"})
  void aSoftReferenceToARemappedTableIsRewrittenAfterItsParentIsLoaded(String engine)
      throws IOException {
    // given: plays name their track by a column without a foreign key, and the table sorts
    // before track, so only the soft reference makes its load wait for the tracks' new keys
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    musicTables(engine, source);
    musicTables(engine, target);
    Sql.exec(source, "CREATE TABLE a_play (id int PRIMARY KEY, track_ref bigint, note"
        + " varchar(10))");
    Sql.exec(target, "CREATE TABLE a_play (id int PRIMARY KEY, track_ref bigint, note"
        + " varchar(10))");
    Sql.exec(source, "INSERT INTO track (id, title) VALUES (1, 'one'), (2, 'two')",
        "INSERT INTO a_play (id, track_ref, note) VALUES (1, 2, 'x'), (2, 1, 'y'),"
            + " (3, NULL, 'z')");
    Sql.exec(target, "INSERT INTO track (title) VALUES ('local')",
        "INSERT INTO track (title) VALUES ('other')");
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();
    Path config = dir.resolve("ferry.yaml");
    Files.writeString(config, "tables:\n  track:\n    keys: remap\n    soft-references:\n"
        + "      - A_PLAY.track_ref\n");

    // when
    Cli.Run run = copy(source.url(), to, "--config", config.toString());

    Cli.Run verified = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--config", config.toString(), "--out", dir.resolve("v").toString());
    Cli.Run unaware = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--out", dir.resolve("u").toString());

    // then: each play names its own track's new key, and verify compares the soft reference
    // through the id map when it is given the same ferry.yaml (and sees other keys without it)
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT a.note, t.title FROM a_play a LEFT JOIN track t"
        + " ON t.id = a.track_ref ORDER BY a.note"))
        .containsExactly("x|two", "y|one", "z|null");
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    assertThat(unaware.exitCode()).as(unaware.toString()).isNotZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"postgres", "sqlite"})
  void aSoftReferenceThatCannotBeRewrittenIsRefusedWithItsLine(String engine)
      throws IOException {
    // given
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    musicTables(engine, source);
    musicTables(engine, target);
    Sql.exec(source, "INSERT INTO track (id, title) VALUES (1, 'one')");
    Path kept = dir.resolve("kept.yaml");
    Files.writeString(kept, "tables:\n  playlist:\n    soft-references: [track.title]\n");
    Path unknown = dir.resolve("unknown.yaml");
    Files.writeString(unknown, "tables:\n  track:\n    keys: remap\n    soft-references:\n"
        + "      - playlist.track_nr\n");

    // when
    Cli.Run preserved = copy(source.url(), target.url(), "--config", kept.toString());
    Cli.Run noColumn = copy(source.url(), target.url(), "--config", unknown.toString());

    // then: refused before anything is written, each with its line
    assertThat(preserved.exitCode()).as(preserved.toString()).isEqualTo(4);
    assertThat(preserved.err()).contains(kept + ":2: tables.playlist.soft-references")
        .contains("give it keys: remap or match");
    assertThat(noColumn.exitCode()).as(noColumn.toString()).isEqualTo(4);
    assertThat(noColumn.err()).contains(unknown + ":5: soft reference playlist.track_nr")
        .containsIgnoringCase("has no column track_nr");
    assertThat(Sql.count(target, "track")).isZero();
  }

  /** playlist and track with keys the engine generates; their junction keyed by both. */
  static void musicTables(String engine, TestDatabase db) {
    String key = switch (engine) {
      case "postgres", "h2" -> "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
      case "mariadb" -> "bigint AUTO_INCREMENT PRIMARY KEY";
      default -> "INTEGER PRIMARY KEY";
    };
    Sql.exec(db, "CREATE TABLE playlist (id " + key + ", name varchar(40))",
        "CREATE TABLE track (id " + key + ", title varchar(40))",
        "CREATE TABLE playlist_track (playlist_id bigint NOT NULL REFERENCES playlist (id),"
            + " track_id bigint NOT NULL REFERENCES track (id), pos int,"
            + " PRIMARY KEY (playlist_id, track_id))");
  }

  private Cli.Run copy(String from, String to, String... more) {
    Path report = dir.resolve("r" + System.nanoTime());
    List<String> args = new ArrayList<>(List.of("copy", "--from", from, "--to", to,
        "--report", report.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }
}
