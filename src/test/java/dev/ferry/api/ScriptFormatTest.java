package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.error.FerryException;
import org.junit.jupiter.api.Test;

class ScriptFormatTest {

  @Test
  void mariaDbAndPostgresqlNameTheirDialects() {
    assertThat(ScriptFormat.builder("MariaDB").build().dialect()).isEqualTo("mysql");
    assertThat(ScriptFormat.builder("postgresql").build().dialect()).isEqualTo("postgres");
    assertThat(ScriptFormat.builder("mysql").build().dialect()).isEqualTo("mysql");
  }

  @Test
  void anUnknownDialectIsRefusedWithTheNamesThereAre() {
    assertThatThrownBy(() -> ScriptFormat.builder("oracle").build())
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("postgres, mysql, sqlserver (mariadb for mysql), not 'oracle'");
  }
}
