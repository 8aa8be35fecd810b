package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptsTest {

  @Test
  void semicolonsAndDashesInsideStringLiteralsDoNotSplitStatements() {
    String script = """
        INSERT INTO t VALUES
            (1, N'Sully Erna; Tony Rombola'),
            (2, N'Quanta Gente Veio ver--Bônus De Carnaval');
        INSERT INTO t VALUES (3, 'x');
        """;

    assertThat(SqlScripts.statements(script, "postgres")).containsExactly("""
        INSERT INTO t VALUES
            (1, N'Sully Erna; Tony Rombola'),
            (2, N'Quanta Gente Veio ver--Bônus De Carnaval')""",
        "INSERT INTO t VALUES (3, 'x')");
  }

  @Test
  void doubledQuotesStayInsideTheLiteral() {
    String script = "INSERT INTO t VALUES (88, 'Guns N'' Roses;'), (89, '');\nSELECT 1;";

    assertThat(SqlScripts.statements(script, "sqlite")).containsExactly(
        "INSERT INTO t VALUES (88, 'Guns N'' Roses;'), (89, '')", "SELECT 1");
  }

  @Test
  void commentsAreRemovedAndDatabaseLevelStatementsSkipped() {
    String script = """
        /*******************************************************
           Drop database if it exists; then create it
        ********************************************************/
        DROP DATABASE IF EXISTS chinook;
        CREATE DATABASE chinook;
        \\c chinook;
        USE `Chinook`;
        -- a line comment; with a semicolon
        CREATE TABLE a (id INT /* inline; comment */ NOT NULL);
        """;

    assertThat(SqlScripts.statements(script, "postgres")).containsExactly(
        "CREATE TABLE a (id INT   NOT NULL)");
  }

  @Test
  void postgresDollarQuotedBodiesKeepTheirSemicolons() {
    String script = """
        CREATE FUNCTION f() RETURNS trigger AS $$
        BEGIN
          NEW.x := 'a;b';
          RETURN NEW;
        END $$ LANGUAGE plpgsql;
        SELECT 2;
        """;

    assertThat(SqlScripts.statements(script, "postgres")).hasSize(2)
        .first().asString().endsWith("END $$ LANGUAGE plpgsql");
  }

  @Test
  void mariaDbBackslashEscapesDoNotEndALiteral() {
    String script = "INSERT INTO t VALUES ('it\\'s; fine', 'a \\ b');\nSELECT 3;";

    assertThat(SqlScripts.statements(script, "mariadb")).containsExactly(
        "INSERT INTO t VALUES ('it\\'s; fine', 'a \\ b')", "SELECT 3");
  }
}
