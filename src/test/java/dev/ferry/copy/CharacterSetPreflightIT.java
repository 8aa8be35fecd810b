package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sakila's MariaDB schema is {@code DEFAULT CHARSET=utf8}, which MariaDB reads as utf8mb3: three
 * bytes a character at most, no emoji. Text holding characters beyond U+FFFF is measured on the
 * source and refused before the first write, instead of failing the load halfway.
 */
class CharacterSetPreflightIT {

  @TempDir Path dir;

  @Test
  void charactersBeyondTheBasicPlaneAreRefusedForAUtf8mb3Column() {
    // given
    TestDatabase pg = TestDatabases.freshPostgres();
    Sql.exec(pg, "CREATE TABLE actor (actor_id int PRIMARY KEY, first_name text,"
            + " last_name text, note text)",
        "INSERT INTO actor VALUES (1, 'PENELOPE', 'GUINESS', 'ß 中文 €'),"
            + " (2, 'emoji', '😀🎉', 'ok'), (3, 'Zoë', 'ok', '𝄞 clef')");
    TestDatabase maria = TestDatabases.freshMariaDb();
    Sql.exec(maria, "CREATE TABLE actor (actor_id INT PRIMARY KEY,"
        + " first_name VARCHAR(45) CHARACTER SET utf8mb3,"
        + " last_name VARCHAR(45) CHARACTER SET utf8mb3, note TEXT CHARACTER SET utf8mb4)"
        + " DEFAULT CHARSET=utf8mb3");

    // when
    Cli.Run refused = Cli.run("copy", "--from", pg.url(), "--to", maria.url(), "--report",
        dir.resolve("refused").toString());
    long written = Sql.count(maria, "actor");
    Sql.exec(pg, "UPDATE actor SET last_name = 'GRIN' WHERE actor_id = 2");
    Cli.Run loaded = Cli.run("copy", "--from", pg.url(), "--to", maria.url(), "--report",
        dir.resolve("loaded").toString());

    // then
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err())
        .contains("public.actor.last_name: 1 value has characters beyond the Basic"
            + " Multilingual Plane", "which a utf8mb3 column cannot store", "first keys: 2")
        .doesNotContain("public.actor.first_name").doesNotContain("public.actor.note");
    assertThat(written).isZero();
    assertThat(loaded.exitCode()).as(loaded.toString()).isZero();
    assertThat(Sql.rows(maria, "SELECT note FROM actor WHERE actor_id = 3"))
        .containsExactly("𝄞 clef");
  }
}
