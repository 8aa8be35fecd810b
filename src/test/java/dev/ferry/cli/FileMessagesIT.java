package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the user reads when a file or a host is not what a command needs: a sentence naming the
 * file and the reason in words ({@code no such file or directory}, {@code is a directory}), never
 * a Java class name such as {@code NoSuchFileException}, nor a bare path for a reason.
 */
class FileMessagesIT {

  @TempDir Path dir;

  @Test
  void missingFilesDirectoriesAndUnreachableHostsAreSaidInWords() throws Exception {
    // given: a database with users on both sides, and files that are not what they should be
    TestDatabase db = TestDatabases.freshPostgres();
    SqlScripts.execute(db, """
        CREATE TABLE app_user (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(100) NOT NULL);
        CREATE TABLE note (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES app_user (id));
        INSERT INTO app_user VALUES (1, 'ann@example.com')
        """);
    Path config = Files.writeString(dir.resolve("ferry.yaml"), """
        identity:
          table: app_user
          key: id
          match: [{column: email}]
        """);
    String cfg = config.toString();
    Path missing = dir.resolve("missing.csv");
    Path directory = Files.createDirectories(dir.resolve("a-directory"));
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    String url = db.url();

    // when
    Map<String, Cli.Result> runs = new LinkedHashMap<>();
    runs.put("no such file or directory", Cli.run("inspect", url, "--password-file",
        missing.toString(), "--out", dir.resolve("o1").toString()));
    runs.put("is a directory", Cli.run("inspect", url, "--password-file",
        directory.toString(), "--out", dir.resolve("o2").toString()));
    runs.put("is a directory ", Cli.run("--config", directory.toString(), "inspect", url));
    runs.put(" no such file or directory", Cli.run("--config", cfg, "users", "validate",
        "--from", url, "--to", url, "--map", missing.toString()));
    runs.put(" is a directory", Cli.run("--config", cfg, "users", "validate", "--from", url,
        "--to", url, "--map", directory.toString()));
    runs.put("no such file or directory  ", Cli.run("--config", cfg, "users", "map", "--from",
        url, "--target-users", missing.toString(), "--out", dir.resolve("m.csv").toString()));
    runs.put("not found", Cli.run("--config", cfg, "verify", "--from", url,
        "--to", url, "--users-map", missing.toString(), "--out", dir.resolve("v").toString()));
    runs.put("is a file, not a directory", Cli.run("inspect", url, "--out",
        file.resolve("sub").toString()));
    runs.put("unknown host", Cli.run("inspect",
        "jdbc:postgresql://no-such-host.invalid:5432/app", "--out", dir.toString()));
    runs.put("Connection refused", Cli.run("inspect", "jdbc:mariadb://127.0.0.1:1/app",
        "--out", dir.toString()));

    // then
    runs.forEach((reason, run) -> {
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.err()).as(run.toString()).startsWith("ferry: ").contains(reason.strip())
          .doesNotContainPattern("[A-Z][A-Za-z]*(Exception|Error)\\b").doesNotContain("java.")
          .doesNotContain("\tat ");
      assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
    });
  }
}
