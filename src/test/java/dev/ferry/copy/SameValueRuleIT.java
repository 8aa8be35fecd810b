package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.rows.SameValue;
import dev.ferry.rows.ValueKind;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One rule for "the same value" across kinds ({@link SameValue}): every kind pair preflight
 * accepts is copied between real servers and verified, by streaming and inside PostgreSQL; the
 * pairs it refuses are refused before the first write. The table must cover every accepted pair.
 */
class SameValueRuleIT {

  @TempDir Path dir;

  /**
   * A column of one kind on one engine copied into a column of another kind.
   *
   * @param setup statements run on the target before its table is created (an enum type)
   */
  record Case(ValueKind from, ValueKind to, String sourceEngine, String sourceType,
      String values, String targetEngine, String targetType, String setup) {
    @Override
    public String toString() {
      return from + "->" + to + " " + sourceEngine + " " + sourceType + " -> " + targetEngine
          + " " + targetType;
    }
  }

  private static Case c(ValueKind from, ValueKind to, String sourceEngine, String sourceType,
      String values, String targetEngine, String targetType) {
    return new Case(from, to, sourceEngine, sourceType, values, targetEngine, targetType, null);
  }

  static List<Case> accepted() {
    ValueKind i = ValueKind.INTEGER;
    return List.of(
        new Case(ValueKind.TEXT, ValueKind.JSON, "postgres", "text",
            "'{\"b\": 1, \"a\": [1.50, \"x\"]}', 'null', NULL", "postgres", "jsonb", null),
        c(ValueKind.JSON, ValueKind.TEXT, "postgres", "jsonb", "'{\"b\": 1, \"a\": [1.50]}', NULL",
            "mariadb", "LONGTEXT"),
        new Case(ValueKind.TEXT, ValueKind.ENUM, "mariadb", "VARCHAR(10)", "'sad', 'ok', NULL",
            "postgres", "mood", "CREATE TYPE mood AS ENUM ('sad', 'ok')"),
        new Case(ValueKind.ENUM, ValueKind.TEXT, "postgres", "mood", "'sad', 'ok', NULL",
            "mariadb", "VARCHAR(10)", "CREATE TYPE mood AS ENUM ('sad', 'ok')"),
        c(ValueKind.TEXT, ValueKind.ARRAY, "postgres", "text", "'{1,2,3}', '{}', NULL",
            "postgres", "int[]"),
        c(ValueKind.ARRAY, ValueKind.TEXT, "postgres", "int[]", "'{1,NULL,3}', '{}', NULL",
            "mariadb", "TEXT"),
        c(ValueKind.TEXT, ValueKind.UUID, "mariadb", "CHAR(36)",
            "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A12', NULL",
            "postgres", "uuid"),
        c(ValueKind.UUID, ValueKind.TEXT, "postgres", "uuid",
            "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', NULL", "mariadb", "CHAR(36)"),
        c(i, ValueKind.TEXT, "postgres", "bigint", "-9223372036854775808, 0, 42, NULL", "mariadb",
            "VARCHAR(20)"),
        c(ValueKind.DATE, ValueKind.TEXT, "postgres", "date", "'2024-02-29', '1000-01-01', NULL",
            "postgres", "text"),
        c(i, ValueKind.DECIMAL, "mariadb", "INT", "-2147483648, 0, 42, NULL", "postgres",
            "numeric(12, 2)"),
        c(ValueKind.FLOAT, ValueKind.DECIMAL, "postgres", "float8", "0.1, 2.5, -1e10, 0, NULL",
            "mariadb", "DECIMAL(20, 4)"),
        c(i, ValueKind.FLOAT, "mariadb", "BIGINT", "9007199254740992, -5, 0, NULL", "postgres",
            "float8"),
        c(ValueKind.DECIMAL, ValueKind.FLOAT, "postgres", "numeric(20, 6)",
            "0.1, 123456.789, -0.000001, NULL", "mariadb", "DOUBLE"),
        c(ValueKind.BOOLEAN, i, "postgres", "boolean", "true, false, NULL", "postgres", "int2"),
        c(ValueKind.BOOLEAN, i, "mariadb", "BOOLEAN", "1, 0, NULL", "postgres", "int4"),
        c(i, ValueKind.BOOLEAN, "mariadb", "SMALLINT", "1, 0, NULL", "postgres", "boolean"),
        c(i, ValueKind.BOOLEAN, "sqlite", "INTEGER", "1, 0, NULL", "h2", "BOOLEAN"),
        c(ValueKind.DATE, ValueKind.TIMESTAMP, "postgres", "date",
            "'2024-02-14', '1000-01-01', NULL", "mariadb", "DATETIME"),
        c(ValueKind.DATE, ValueKind.TIMESTAMP, "sqlite", "DATE", "'2024-02-14', NULL",
            "postgres", "timestamp"),
        c(ValueKind.TIMESTAMP_TZ, ValueKind.TIMESTAMP, "postgres", "timestamptz",
            "'2024-06-30 12:00:00.5+05:30', NULL", "mariadb", "DATETIME(6)"),
        c(ValueKind.TIMESTAMP_TZ, ValueKind.TIMESTAMP, "postgres", "timestamptz",
            "'2024-06-30 12:00:00.5+05:30', NULL", "h2", "TIMESTAMP(6)"),
        c(ValueKind.TIMESTAMP, ValueKind.TIMESTAMP_TZ, "mariadb", "DATETIME(6)",
            "'2024-06-30 12:00:00.5', '1970-01-01 00:00:00', NULL", "postgres", "timestamptz"),
        c(ValueKind.DATE, ValueKind.TIMESTAMP_TZ, "postgres", "date", "'2024-02-14', NULL",
            "postgres", "timestamptz"),
        c(ValueKind.TIMESTAMP, ValueKind.TIMESTAMP, "mariadb", "DATETIME(6)",
            "'2024-06-30 12:00:00.5', NULL", "sqlite", "DATETIME"),
        c(ValueKind.INTEGER, ValueKind.INTEGER, "h2", "SMALLINT", "-128, 127, NULL", "mariadb",
            "TINYINT"));
  }

  static List<Case> refused() {
    return List.of(
        c(ValueKind.FLOAT, ValueKind.TEXT, "postgres", "float8", "0.1", "postgres", "text"),
        c(ValueKind.DECIMAL, ValueKind.TEXT, "postgres", "numeric(5, 2)", "1.50", "mariadb",
            "TEXT"),
        c(ValueKind.BOOLEAN, ValueKind.TEXT, "postgres", "boolean", "true", "mariadb",
            "VARCHAR(5)"),
        c(ValueKind.TIMESTAMP, ValueKind.TEXT, "mariadb", "DATETIME", "'2024-02-14 10:00:00'",
            "postgres", "text"),
        c(ValueKind.TIME, ValueKind.TEXT, "postgres", "time", "'10:15:00'", "postgres", "text"),
        c(ValueKind.TIMESTAMP, ValueKind.TIMESTAMP_TZ, "mariadb", "DATETIME",
            "'2024-02-14 10:00:00'", "h2", "TIMESTAMP WITH TIME ZONE"),
        c(ValueKind.TIMESTAMP, ValueKind.DATE, "mariadb", "DATETIME", "'2024-02-14 00:00:00'",
            "postgres", "date"),
        c(ValueKind.BINARY, ValueKind.TEXT, "postgres", "bytea", "'\\x00ff'", "postgres", "text"),
        c(ValueKind.TEXT, ValueKind.BINARY, "postgres", "text", "'00ff'", "postgres", "bytea"));
  }

  private static TestDatabase fresh(String engine) {
    return switch (engine) {
      case "postgres" -> TestDatabases.freshPostgres();
      case "mariadb" -> TestDatabases.freshMariaDb();
      case "sqlite" -> TestDatabases.freshSqlite();
      default -> TestDatabases.freshH2();
    };
  }

  private static TestDatabase table(String engine, String type, String values, String setup) {
    TestDatabase db = fresh(engine);
    if (setup != null) {
      Sql.exec(db, setup);
    }
    // SQLite: only INTEGER PRIMARY KEY (the rowid) is never NULL
    Sql.exec(db, "CREATE TABLE t (id " + ("sqlite".equals(engine) ? "INTEGER" : "INT")
        + " PRIMARY KEY, v " + type + ")");
    if (values != null) {
      List<String> rows = new ArrayList<>();
      String[] literals = values.split(", (?=(?:[^']*'[^']*')*[^']*$)");
      for (int n = 0; n < literals.length; n++) {
        rows.add("(" + (n + 1) + ", " + literals[n] + ")");
      }
      Sql.exec(db, "INSERT INTO t (id, v) VALUES " + String.join(", ", rows));
    }
    return db;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void acceptedPairIsCopiedAndVerifiedByTheSameRule(Case c) {
    // given
    TestDatabase source = table(c.sourceEngine(), c.sourceType(), c.values(),
        "postgres".equals(c.sourceEngine()) ? c.setup() : null);
    TestDatabase target = table(c.targetEngine(), c.targetType(), null,
        "postgres".equals(c.targetEngine()) ? c.setup() : null);

    // when: in a time zone that is not UTC, so that nothing passes by taking the machine's
    Cli.Run copy;
    Cli.Run streamed;
    Cli.Run inside;
    TimeZone zone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
    try {
      copy = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
          dir.resolve("copy").toString());
      streamed = Cli.run("verify", "--from", source.url(), "--to", target.url(), "--out",
          dir.resolve("streamed").toString());
      inside = Cli.run("verify", "--from", source.url(), "--to", target.url(),
          "--in-database", "--out", dir.resolve("inside").toString());
    } finally {
      TimeZone.setDefault(zone);
    }

    // then
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertThat(streamed.exitCode()).as(streamed.toString()).isZero();
    assertThat(inside.exitCode()).as(inside.toString()).isZero();
    assertThat(Sql.count(target, "t")).isEqualTo(c.values().split(", (?=(?:[^']*'[^']*')*[^']*$)")
        .length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void pairVerifyCannotJudgeIsRefusedBeforeWriting(Case c) {
    // given
    TestDatabase source = table(c.sourceEngine(), c.sourceType(), c.values(), null);
    TestDatabase target = table(c.targetEngine(), c.targetType(), null, c.setup());

    // when
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.resolve("copy").toString());

    // then
    assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(4);
    assertThat(copy.err()).contains("t.v (").contains("does not fit");
    assertThat(Sql.count(target, "t")).isZero();
  }

  @Test
  void theTableCoversEveryPairPreflightAccepts() {
    Set<String> covered = new HashSet<>();
    accepted().forEach(c -> covered.add(c.from() + "->" + c.to()));
    refused().forEach(c -> assertThat(SameValue.accepted(c.from(), c.to(),
        "postgres".equals(c.targetEngine()))).as(c.toString()).isFalse());
    List<String> missing = Stream.of(ValueKind.values())
        .flatMap(from -> Stream.of(ValueKind.values())
            .filter(to -> from != to && from != ValueKind.OTHER && to != ValueKind.OTHER
                && SameValue.accepted(from, to, true))
            .map(to -> from + "->" + to))
        .filter(pair -> !covered.contains(pair)).toList();
    assertThat(missing).isEmpty();
  }
}
