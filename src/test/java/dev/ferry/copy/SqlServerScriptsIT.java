package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.script.ScriptSql;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL Server scripts: every statement parses (JSqlParser, T-SQL brackets), and the scripts run
 * on H2 in its MSSQLServer mode where H2 can (docs/scripts.md lists what H2 leaves out). No real
 * SQL Server runs in these tests.
 */
class SqlServerScriptsIT {

  @TempDir Path dir;

  static final String SCHEMA = """
      CREATE SCHEMA [dbo];
      CREATE TABLE [dbo].[app_user] ([id] INT PRIMARY KEY, [email] NVARCHAR(100) NOT NULL);
      CREATE TABLE [dbo].[team] ([id] INT IDENTITY PRIMARY KEY, [name] NVARCHAR(100) NOT NULL,
        [lead_id] INT NOT NULL %1$s, [captain_id] BIGINT);
      CREATE TABLE [dbo].[person] ([id] BIGINT IDENTITY PRIMARY KEY,
        [name] NVARCHAR(100) NOT NULL, [team_id] INT REFERENCES [dbo].[team] ([id]),
        [created_by] INT %2$s, [manager_id] BIGINT REFERENCES [dbo].[person] ([id]));
      ALTER TABLE [dbo].[team] ADD CONSTRAINT [team_captain_fk] FOREIGN KEY ([captain_id])
        REFERENCES [dbo].[person] ([id]);
      CREATE TABLE [dbo].[odd "name"; --x] ([k] INT PRIMARY KEY, [v'al;--] NVARCHAR(MAX),
        [back\\slash] NVARCHAR(200), [bin] VARBINARY(MAX), [n] DECIMAL(38, 10), [f] FLOAT,
        [flag] BIT, [d] DATE, [tm] TIME(6), [ts] DATETIME2(6), [u] UNIQUEIDENTIFIER,
        [owner_id] INT %2$s);
      CREATE TABLE [dbo].[keyless] ([a] INT, [b] NVARCHAR(MAX));
      INSERT INTO [dbo].[app_user] VALUES (3, 'a@x'), (1, 'b@x'), (2, 'c@x'), (4, 'd@x'),
        (6, 'e@x'), (8, 'f@x');
      """;

  @Test
  void insertAndRemapScriptsParseAndRunOnH2InSqlServerMode() throws Exception {
    // given
    TestDatabase source = ScriptFixtures.source("postgres");
    TestDatabase expected = ScriptFixtures.target("postgres", true);
    Path config = ScriptFixtures.config(dir);
    Path map = dir.resolve("user-map.csv");
    assertThat(Cli.run("--config", config.toString(), "users", "map", "--from", source.url(),
        "--to", expected.url(), "--out", map.toString()).exitCode()).isZero();
    Cli.Run copy = Cli.run("--config", config.toString(), "copy", "--from", source.url(), "--to",
        expected.url(), "--users-map", map.toString(), "--report", dir.resolve("c").toString());
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    Path inserts = dir.resolve("inserts");
    Path remap = dir.resolve("remap.sql");

    // when
    Cli.Run script = Cli.run("--config", config.toString(), "script", "inserts", "--from",
        source.url(), "--dialect", "sqlserver", "--target-schema", "dbo", "--out",
        inserts.toString(), "--users-map", map.toString(), "--to", expected.url(), "--report",
        dir.resolve("r").toString());
    Cli.Run remapRun = Cli.run("--config", config.toString(), "script", "remap", "--from",
        source.url(), "--to", expected.url(), "--users-map", map.toString(), "--dialect",
        "sqlserver", "--target-schema", "dbo", "--out", remap.toString(), "--batch-size", "2",
        "--pause", "250");

    // then: every statement parses
    assertThat(script.exitCode()).as(script.toString()).isZero();
    assertThat(remapRun.exitCode()).as(remapRun.toString()).isZero();
    List<Path> files = new ArrayList<>();
    for (String name : InsertScriptsIT.fileNames(inserts)) {
      if (name.endsWith(".sql")) {
        files.add(inserts.resolve(name));
      }
    }
    files.addAll(List.of(remap, dir.resolve("remap.inverse.sql"),
        dir.resolve("remap.dry-run.sql")));
    for (Path f : files) {
      ScriptSql.parseAll(f, "sqlserver");
    }
    String person = Files.readString(inserts.resolve(InsertScriptsIT.fileNames(inserts).stream()
        .filter(f -> f.endsWith("-public.person.sql")).findFirst().orElseThrow(
            () -> new AssertionError(inserts + " has no person file"))));
    assertThat(person).contains("SET XACT_ABORT ON;", "BEGIN TRANSACTION;",
        "SET IDENTITY_INSERT [dbo].[person] ON;", "SET IDENTITY_INSERT [dbo].[person] OFF;",
        "COMMIT TRANSACTION;\nGO\n");
    assertThat(Files.readString(remap)).contains("WAITFOR DELAY '00:00:00.250';\nGO\n");

    // the INSERT scripts run on H2 and load what the copy loaded
    try (Connection h2 = h2("inserts", true)) {
      List<String> skipped = new ArrayList<>();
      for (Path f : files.subList(0, files.size() - 3)) {
        skipped.addAll(ScriptSql.runOnH2(h2, f));
      }
      assertThat(skipped).anyMatch(s -> s.contains("SET IDENTITY_INSERT"))
          .anyMatch(s -> s.contains("DBCC CHECKIDENT"));
      assertThat(rows(h2, "[person]", "[id], [name], [team_id], [created_by], [manager_id]"))
          .isEqualTo(rows(expected, "person", "id, name, team_id, created_by, manager_id"));
      assertThat(rows(h2, "[team]", "[id], [name], [lead_id], [captain_id]"))
          .isEqualTo(rows(expected, "team", "id, name, lead_id, captain_id"));
      assertThat(rows(h2, "[odd \"name\"; --x]", "[k], [owner_id], [n], [ts]"))
          .isEqualTo(rows(expected, "\"odd \"\"name\"\"; --x\"", "k, owner_id, n, ts"));
    }

    // the remap script runs twice on untransformed data; the inverse restores it
    try (Connection h2 = h2("remap", false)) {
      loadUntransformed(h2);
      List<String> before = rows(h2, "[person]", "[id], [created_by]");
      ScriptSql.runOnH2(h2, remap);
      List<String> after = rows(h2, "[person]", "[id], [created_by]");
      assertThat(after).isEqualTo(rows(expected, "person", "id, created_by"));
      ScriptSql.runOnH2(h2, remap);
      assertThat(rows(h2, "[person]", "[id], [created_by]")).isEqualTo(after);
      assertThat(rows(h2, "[team]", "[id], [lead_id]")).isEqualTo(rows(expected, "team",
          "id, lead_id"));
      ScriptSql.runOnH2(h2, dir.resolve("remap.inverse.sql"));
      assertThat(rows(h2, "[person]", "[id], [created_by]")).isEqualTo(before);
    }
  }

  private Connection h2(String name, boolean userKeys) throws Exception {
    Path file = dir.resolve(name);
    Connection c = DriverManager.getConnection("jdbc:h2:file:" + file
        + ";MODE=MSSQLServer;USER=sa;PASSWORD=");
    String fk = "REFERENCES [dbo].[app_user] ([id])";
    try (Statement s = c.createStatement()) {
      for (String sql : ScriptSql.statements(SCHEMA.formatted(userKeys ? fk : "", userKeys ? fk : ""),
          "sqlserver")) {
        s.execute(sql);
      }
    }
    return c;
  }

  private static void loadUntransformed(Connection h2) throws Exception {
    try (Statement s = h2.createStatement()) {
      s.execute("INSERT INTO [dbo].[team] ([id], [name], [lead_id]) VALUES (10, 'core', 1),"
          + " (11, 'edge', 5)");
      s.execute("INSERT INTO [dbo].[person] ([id], [name], [team_id], [created_by],"
          + " [manager_id]) VALUES (1, 'Ada', 10, 2, NULL), (2, 'Linus', 10, NULL, 1),"
          + " (3, 'Grace', 11, 6, 1), (4, 'x', 11, 3, 2)");
    }
  }

  private static List<String> rows(Connection c, String table, String columns)
      throws Exception {
    return ScriptSql.query(c, "SELECT " + columns + " FROM [dbo]." + table + " ORDER BY 1");
  }

  private static List<String> rows(TestDatabase db, String table, String columns)
      throws Exception {
    try (Connection c = TestDatabases.connect(db)) {
      return ScriptSql.query(c, "SELECT " + columns + " FROM " + table + " ORDER BY 1");
    }
  }
}
