package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copy --create-schema} killed (SIGKILL) right after its tables, in the middle of the load
 * (no primary key, foreign key, check or unique constraint there yet: they come after it), once
 * the first table's primary key is built while the second table loads (a table's keys and
 * indexes are built as soon as it is loaded), once every table is loaded (in or before the
 * after-load DDL) and once one more secondary index is built (among the primary key, unique
 * constraint and index builds, each committed by itself), is resumed with {@code --create-schema --resume} to the end an uninterrupted
 * run reaches: every row, every index once, every foreign key validated, the after-load phase recorded once.
 */
class CreateSchemaKillIT {

  private static final int ROWS = 60_000;
  private static final long CHILD_TIMEOUT_MS = 120_000;
  /** Secondary indexes, built after the load: enough of them that a kill lands among them. */
  private static final String INDEXES = """
      CREATE INDEX a_note ON a (note); CREATE INDEX a_note_desc ON a (note DESC, id);
      CREATE INDEX a_b ON a (b_id, note); CREATE INDEX a_lower ON a (lower(note));
      CREATE INDEX b_a ON b (a_id); CREATE INDEX b_a_desc ON b (a_id DESC, id);
      """;
  /** Check and unique constraints, created by the same phases. */
  private static final String CONSTRAINTS = """
      ALTER TABLE a ADD CONSTRAINT a_note_set CHECK (note IS NOT NULL AND note LIKE 'n%');
      ALTER TABLE b ADD CONSTRAINT b_positive CHECK (id > 0 AND a_id > 0);
      ALTER TABLE a ADD CONSTRAINT a_note_key UNIQUE (note);
      ALTER TABLE b ADD CONSTRAINT b_pair_key UNIQUE (a_id, id);
      """;
  private static final String CHECKS = "SELECT c.conrelid::regclass || ' ' || c.conname || ' '"
      + " || c.contype::text || ' ' || c.convalidated FROM pg_constraint c JOIN pg_namespace n"
      + " ON n.oid = c.connamespace WHERE c.contype IN ('c', 'u') AND n.nspname = 'public'"
      + " ORDER BY 1";
  private static final String PRIMARY = "SELECT c.conrelid::regclass || ' ' || c.conname || ' '"
      + " || pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_namespace n ON n.oid ="
      + " c.connamespace WHERE c.contype = 'p' AND n.nspname = 'public' ORDER BY 1";
  private static final String BUILT = "SELECT indexname FROM pg_indexes WHERE schemaname ="
      + " 'public' AND indexname NOT LIKE '%pkey' ORDER BY 1";
  private static final String KEYS = "SELECT c.conrelid::regclass || ' ' || c.conname || ' '"
      + " || pg_get_constraintdef(c.oid) || ' ' || c.convalidated FROM pg_constraint c"
      + " JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f'"
      + " AND n.nspname = 'public' ORDER BY 1";

  @TempDir Path dir;

  @Test
  void killedInEachPhaseItResumesToTheSameEnd() throws Exception {
    // given: a source with a NOT NULL cycle, and an empty target owned by a login
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, ForeignKeySetAsideIT.CYCLE, INDEXES, CONSTRAINTS, "SET session_replication_role = replica;"
        + " INSERT INTO a SELECT g, 1 + g % " + ROWS + ", 'n' || g FROM generate_series(1, "
        + ROWS + ") g; INSERT INTO b SELECT g, 1 + (g * 7) % " + ROWS
        + " FROM generate_series(1, " + ROWS + ") g;");
    TestDatabase target = TestDatabases.freshPostgres();
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    Sql.exec(target, "GRANT CREATE ON SCHEMA public TO " + owner.replaceAll(".*user=([^&]+).*",
        "$1"));

    // when: killed once its tables exist, then during the load with a key set aside
    kill(source, owner, target, "tables", CreateSchemaKillIT::tablesExist, false);
    assertThat(Sql.rows(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
        .containsExactly("2");
    kill(source, owner, target, "load", CreateSchemaKillIT::rowsWritten, true);
    assertThat(Sql.rows(target, KEYS)).as("foreign keys come after the load").isEmpty();
    assertThat(Sql.rows(target, PRIMARY)).as("primary keys come after the load").isEmpty();
    kill(source, owner, target, "early", CreateSchemaKillIT::aKeyBuiltWhileATableLoads, true);
    assertThat(Sql.rows(target, PRIMARY)).as("the first table's key, built as the other loads")
        .hasSize(1);
    assertThat(Sql.rows(target, KEYS)).as("foreign keys come after every table").isEmpty();
    kill(source, owner, target, "loaded", CreateSchemaKillIT::everyTableLoaded, true);
    assertThat(Sql.rows(target, KEYS)).as("foreign keys come after the indexes").isEmpty();
    assertThat(Sql.rows(target, CHECKS.replace("IN ('c', 'u')", "= 'c'")))
        .as("checks come after the keys and indexes").isEmpty();
    long before = indexesBuilt(target);
    kill(source, owner, target, "indexes", c -> anIndexBuilt(c, before), true);
    assertThat(Sql.rows(target, CHECKS)).as("a table's unique constraints before its indexes")
        .contains("a a_note_key u true");
    assertThat(Sql.rows(target, PRIMARY)).as("a table's primary key before its other indexes")
        .contains("a a_pkey PRIMARY KEY (id)");
    assertThat(Sql.rows(target, "SELECT count(*) FROM ferry.checkpoint WHERE unit LIKE"
        + " 'schema:%'")).as("killed before the after-load phase was recorded")
        .containsExactly("0");
    Cli.Run resumed = Cli.run("copy", "--from", source.url(), "--to", owner, "--create-schema",
        "--resume", "--batch-size", "5000", "--report", dir.resolve("resumed").toString());

    // then
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(Sql.rows(target, KEYS)).containsExactly(
        "a a_b_fk FOREIGN KEY (b_id) REFERENCES b(id) ON DELETE CASCADE true",
        "b b_a_fk FOREIGN KEY (a_id) REFERENCES a(id) true");
    assertThat(Sql.rows(target, CHECKS)).as("each check and unique constraint once")
        .containsExactly("a a_note_key u true", "a a_note_set c true", "b b_pair_key u true",
            "b b_positive c true");
    assertThat(Sql.rows(target, PRIMARY)).as("each primary key once")
        .containsExactly("a a_pkey PRIMARY KEY (id)", "b b_pkey PRIMARY KEY (id)");
    assertThat(Sql.rows(target, BUILT)).as("each index once, under its name").containsExactly(
        "a_b", "a_lower", "a_note", "a_note_desc", "a_note_key", "b_a", "b_a_desc",
        "b_pair_key");
    assertThat(Canonical.rows(target, "a")).isEqualTo(Canonical.rows(source, "a"));
    assertThat(Canonical.rows(target, "b")).isEqualTo(Canonical.rows(source, "b"));
    assertThat(Sql.rows(target, "SELECT count(*) FROM ferry.deferred_constraint"))
        .containsExactly("0");
    assertThat(Sql.rows(target, "SELECT unit, done FROM ferry.checkpoint WHERE unit LIKE"
        + " 'schema:%'")).containsExactly("schema:after-load|1");
  }

  /** Starts the copy as a process of its own, waits for the moment, and kills it. */
  private void kill(TestDatabase source, String owner, TestDatabase target, String name,
      Moment moment, boolean resume) throws Exception {
    Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> args = new java.util.ArrayList<>(List.of(java, "-jar", jar.toString(), "copy",
        "--from", source.url(), "--to", owner, "--create-schema", "--batch-size", "200",
        "--parallel", "1", "--report", dir.resolve(name).toString()));
    if (resume) {
      args.add("--resume");
    }
    Process child = new ProcessBuilder(args)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
    long deadline = System.currentTimeMillis() + CHILD_TIMEOUT_MS;
    try (Connection watch = TestDatabases.connect(target)) {
      while (!moment.reached(watch)) {
        if (!child.isAlive() || System.currentTimeMillis() > deadline) {
          child.destroyForcibly();
          fail("the copy ended or stalled before the moment to kill it (" + name + ")\n"
              + Files.readString(dir.resolve(name + ".out"))
              + Files.readString(dir.resolve(name + ".err")));
        }
        Thread.sleep(2);
      }
    }
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(137);
  }

  private interface Moment {
    boolean reached(Connection c);
  }

  private static boolean tablesExist(Connection c) {
    return count(c, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") > 0;
  }

  private static boolean rowsWritten(Connection c) {
    return count(c, "SELECT coalesce(sum(rows_written), 0) FROM ferry.checkpoint") >= 2_000;
  }

  private static boolean everyTableLoaded(Connection c) {
    return count(c, "SELECT count(*) FROM ferry.checkpoint WHERE done = 1 AND unit NOT LIKE"
        + " 'schema:%'") == 2;
  }

  /** A table's primary key is built while the other table still loads. */
  private static boolean aKeyBuiltWhileATableLoads(Connection c) {
    return count(c, "SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND connamespace ="
        + " 'public'::regnamespace") > 0 && count(c, "SELECT count(*) FROM ferry.checkpoint"
        + " WHERE done = 1 AND unit NOT LIKE 'schema:%'") < 2;
  }

  private static final String INDEXES_BUILT = "SELECT count(*) FROM pg_indexes WHERE schemaname"
      + " = 'public' AND indexname NOT LIKE '%pkey' AND indexname NOT LIKE '%\\_key'";

  private static long indexesBuilt(TestDatabase target) throws SQLException {
    try (Connection c = TestDatabases.connect(target)) {
      return count(c, INDEXES_BUILT);
    }
  }

  /**
   * One more index than {@code before} is built and committed, while the after-load phase is not
   * recorded yet.
   */
  private static boolean anIndexBuilt(Connection c, long before) {
    return count(c, INDEXES_BUILT) > before && count(c, "SELECT count(*) FROM ferry.checkpoint"
        + " WHERE unit = 'schema:after-load'") == 0;
  }

  private static long count(Connection c, String sql) {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException notYet) {
      return 0;
    }
  }
}
