package dev.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import org.junit.jupiter.api.Test;

class DialectsTest {

  @Test
  void everyBundledEngineHasADialect() {
    assertThat(Dialects.all()).extracting(Dialect::id)
        .containsExactly("postgres", "mariadb", "sqlserver", "sqlite", "h2");
    assertThat(Dialects.forUrl("jdbc:postgresql://h/db").id()).isEqualTo("postgres");
    assertThat(Dialects.forUrl("jdbc:mysql://h/db").id()).isEqualTo("mariadb");
    assertThat(Dialects.forUrl("JDBC:MariaDB://h/db").id()).isEqualTo("mariadb");
    assertThat(Dialects.forUrl("jdbc:sqlserver://h;databaseName=x").id()).isEqualTo("sqlserver");
    assertThat(Dialects.forUrl("jdbc:sqlite:x.db").id()).isEqualTo("sqlite");
    assertThat(Dialects.forUrl("jdbc:h2:mem:x").id()).isEqualTo("h2");
  }

  @Test
  void mysqlUrlsAreServedByTheMariaDbDriver() {
    assertThat(Dialects.forUrl("jdbc:mysql://h:3306/db?x=1").driverUrl("jdbc:mysql://h:3306/db?x=1"))
        .isEqualTo("jdbc:mariadb://h:3306/db?x=1");
  }

  @Test
  void identifiersAreQuotedPerDialectWithHostileNames() {
    String hostile = "we\"ird`name]; DROP TABLE x;--";

    assertThat(Dialects.byId("postgres").quote(hostile))
        .isEqualTo("\"we\"\"ird`name]; DROP TABLE x;--\"");
    assertThat(Dialects.byId("mariadb").quote(hostile))
        .isEqualTo("`we\"ird``name]; DROP TABLE x;--`");
    assertThat(Dialects.byId("sqlserver").quote(hostile))
        .isEqualTo("[we\"ird`name]]; DROP TABLE x;--]");
    assertThat(Dialects.byId("postgres").qualify(new TableName("s", "t")))
        .isEqualTo("\"s\".\"t\"");
    assertThat(Dialects.byId("sqlite").qualify(new TableName(null, "t"))).isEqualTo("\"t\"");
  }

  @Test
  void unknownSchemeListsTheKnownOnes() {
    assertThatThrownBy(() -> Dialects.forUrl("jdbc:oracle:thin:@h:1521:x"))
        .hasMessageContaining("unknown database URL scheme 'oracle'")
        .hasMessageContaining("jdbc:sqlite:");
  }
}
