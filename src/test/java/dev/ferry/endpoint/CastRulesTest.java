package dev.ferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.CastRule;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code casts:} section of {@code ferry.yaml}: read as written, refused with its line. */
class CastRulesTest {

  @TempDir Path dir;

  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

  @Test
  void readsTheDocumentedExampleAsWritten() throws IOException {
    Path file = write("""
        casts:
          - type: TINYINT(1)
            to: boolean
          - type: datetime
            column: '*_at'
            table: orders
            to: {postgres: timestamptz, '*': timestamp(3)}
          - type: nvarchar( max )
            to: text
        """);

    var casts = loader.load(file, true).casts();

    assertThat(casts).hasSize(3);
    assertThat(casts.get(0)).isEqualTo(new CastRule("tinyint(1)", null, null,
        Map.of("*", "boolean"), file + ":2"));
    assertThat(casts.get(1).targetFor("postgres")).isEqualTo("timestamptz");
    assertThat(casts.get(1).targetFor("mysql")).isEqualTo("timestamp(3)");
    assertThat(casts.get(1).column()).isEqualTo("*_at");
    assertThat(casts.get(1).table()).isEqualTo("orders");
    assertThat(casts.get(2).type()).isEqualTo("nvarchar(max)");
  }

  @Test
  void zeroDatesTakeNullOrRefuseAndNeedNoTo() throws IOException {
    Path file = write("""
        casts:
          - type: datetime
            zero-dates: null
          - table: legacy
            column: born
            zero-dates: refuse
          - type: date
            to: date
            zero-dates: 'null'
        """);

    var casts = loader.load(file, true).casts();

    assertThat(casts.get(0)).isEqualTo(new CastRule("datetime", null, null, Map.of(),
        file + ":2", true));
    assertThat(casts.get(0).targetFor("postgres")).isNull();
    assertThat(casts.get(1).zeroDatesToNull()).isFalse();
    assertThat(casts.get(2).zeroDatesToNull()).isTrue();
    assertThat(casts.get(2).targetFor("h2")).isEqualTo("date");
  }

  @Test
  void zeroDatesOfAnotherWordOrOnATypeThatIsNoDateAreRefusedWithTheirLine() throws IOException {
    Path word = write("""
        casts:
          - type: datetime
            zero-dates: nil
        """);
    Path text = write("""
        casts:
          - type: varchar(20)
            zero-dates: null
        """);

    assertThatThrownBy(() -> loader.load(word, true)).isInstanceOf(FerryException.class)
        .hasMessageStartingWith(word + ":3: cast rule 1: zero-dates takes null");
    assertThatThrownBy(() -> loader.load(text, true)).isInstanceOf(FerryException.class)
        .hasMessageStartingWith(text + ":3: cast rule 1: zero-dates applies to date and"
            + " datetime columns");
  }

  @Test
  void aTypeFerryCannotWriteIsRefusedWithItsLine() throws IOException {
    Path file = write("""
        casts:
          - type: datetime
            to: timestamp
          - type: text
            to: varchar
        """);

    assertThatThrownBy(() -> loader.load(file, true)).isInstanceOf(FerryException.class)
        .hasMessageStartingWith(file + ":5: cast rule 2: 'varchar' is no type ferry can write")
        .satisfies(e -> assertThat(((FerryException) e).code())
            .isEqualTo(ErrorCode.CONFIGURATION));
  }

  @Test
  void anUnknownSettingADialectOrAMissingTargetIsRefusedWithItsLine() throws IOException {
    assertThatThrownBy(() -> loader.load(write("casts:\n  - type: text\n    into: text\n"), true))
        .hasMessageContaining(":3: unknown setting 'into' in cast rule 1");
    assertThatThrownBy(() -> loader.load(write("casts:\n  - type: text\n    to: {oracle: text}\n"),
        true)).hasMessageContaining(":3: cast rule 1: unknown dialect 'oracle'");
    assertThatThrownBy(() -> loader.load(write("casts:\n  - type: text\n"), true))
        .hasMessageContaining(":2: cast rule 1 has no 'to'");
    assertThatThrownBy(() -> loader.load(write("casts:\n  - to: text\n"), true))
        .hasMessageContaining(":2: cast rule 1 matches nothing");
    assertThatThrownBy(() -> loader.load(write("casts:\n  - type: 'date time()'\n    to: text\n"),
        true)).hasMessageContaining(":2: cast rule 1: 'date time()' is no source type");
    assertThatThrownBy(() -> loader.load(write("casts:\n  type: text\n"), true))
        .hasMessageContaining(":1: 'casts' must be a list");
  }

  @Test
  void portableTypesTakeTheirSizesOnly() {
    assertThat(CastRule.parseTarget("DECIMAL(19, 4)")).isEqualTo(new CastRule.Target("decimal",
        19, 4));
    assertThat(CastRule.parseTarget("int")).isEqualTo(new CastRule.Target("integer", null,
        null));
    assertThat(CastRule.parseTarget("timestamptz(3)")).isEqualTo(new CastRule.Target(
        "timestamptz", 3, null));
    assertThat(CastRule.parseTarget("varchar")).isNull();
    assertThat(CastRule.parseTarget("boolean(1)")).isNull();
    assertThat(CastRule.parseTarget("decimal(4,5)")).isNull();
    assertThat(CastRule.parseTarget("money")).isNull();
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("ferry-" + System.nanoTime() + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
