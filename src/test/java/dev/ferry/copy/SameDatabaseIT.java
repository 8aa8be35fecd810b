package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy whose source and target are the same database, however the two are spelled, is refused
 * before anything is written: with --truncate-target it would empty the source and report done.
 */
class SameDatabaseIT {

  @TempDir Path dir;

  private static final String TABLE = "CREATE TABLE item (id int PRIMARY KEY, name varchar(20))";
  private static final String ROWS = "INSERT INTO item VALUES (1, 'one'), (2, 'two'), (3, 'three')";

  @Test
  void postgresReachedUnderAnotherHostAndParameterOrderIsRefusedBeforeTruncating() {
    // given: localhost on one side, 127.0.0.1 and the parameters swapped on the other
    TestDatabase db = TestDatabases.freshPostgres();
    Sql.exec(db, TABLE, ROWS);
    String other = swapParameters(db.url().replace("//localhost:", "//127.0.0.1:"));
    assertThat(other).isNotEqualTo(db.url());

    // when
    Cli.Run run = copy(db.url(), other);

    // then
    assertRefusedAndUntouched(run, db);
    assertThat(Sql.rows(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'ferry'"))
        .containsExactly("0");
  }

  @Test
  void mariaDbReachedAsJdbcMysqlWithParametersSwappedIsRefusedBeforeTruncating() {
    TestDatabase db = TestDatabases.freshMariaDb();
    Sql.exec(db, TABLE, ROWS);
    String other = swapParameters(db.url().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:"));

    Cli.Run run = copy(db.url(), other);

    assertRefusedAndUntouched(run, db);
  }

  @Test
  void sqliteFileReachedThroughASymlinkIsRefusedBeforeTruncating() throws Exception {
    TestDatabase db = TestDatabases.freshSqlite();
    Sql.exec(db, TABLE, ROWS);
    Path file = Path.of(db.url().substring("jdbc:sqlite:".length(), db.url().indexOf('?')));
    Path link = Files.createSymbolicLink(dir.resolve("alias.db"), file);

    Cli.Run run = copy(db.url(), "jdbc:sqlite:" + link);

    assertRefusedAndUntouched(run, db);
  }

  @Test
  void h2FileReachedThroughARelativePathIsRefusedBeforeTruncating() {
    TestDatabase db = TestDatabases.freshH2();
    Sql.exec(db, TABLE, ROWS);
    String absolute = db.url().substring("jdbc:h2:file:".length(), db.url().indexOf(';'));
    Path relative = Path.of("").toAbsolutePath().relativize(Path.of(absolute));

    Cli.Run run = copy(db.url(), "jdbc:h2:file:./" + relative + ";USER=sa;PASSWORD=");

    assertRefusedAndUntouched(run, db);
  }

  private Cli.Run copy(String from, String to) {
    return Cli.run("copy", "--from", from, "--to", to, "--truncate-target", "--report",
        dir.resolve("report").toString());
  }

  private static void assertRefusedAndUntouched(Cli.Run run, TestDatabase db) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("same database");
    assertThat(Sql.count(db, "item")).isEqualTo(3);
  }

  /** {@code ?a=1&b=2} becomes {@code ?b=2&a=1}: the same database, spelled otherwise. */
  private static String swapParameters(String url) {
    int query = url.indexOf('?');
    String[] params = url.substring(query + 1).split("&");
    StringBuilder swapped = new StringBuilder(url.substring(0, query + 1));
    for (int i = params.length - 1; i >= 0; i--) {
      swapped.append(params[i]).append(i > 0 ? "&" : "");
    }
    return swapped.toString();
  }
}
