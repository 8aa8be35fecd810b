package dev.ferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.TightenOptions;
import dev.ferry.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tighten:} section of ferry.yaml: what it holds, and each problem with its line. */
class TightenSettingsTest {

  @TempDir Path dir;

  @Test
  void referencesKeepTheirLineAndTheRestOfTheFileStillLoads() throws Exception {
    Path file = write("""
        environments:
          qa: {url: "jdbc:h2:mem:x"}
        tighten:
          min-rows: 250
          references:
            - {from: shipment.ord, to: orders.id}
            - from: sales.invoice.order_ref
              to: sales.orders.id
        """);

    TightenSettings settings = TightenSettings.read(file);

    assertThat(settings.minRows()).isEqualTo(250);
    assertThat(settings.references()).containsExactly(
        new TightenOptions.Reference("shipment.ord", "orders.id", file + ":6"),
        new TightenOptions.Reference("sales.invoice.order_ref", "sales.orders.id", file + ":7"));
    assertThat(new ConfigLoader().load(file, true).environment("qa")).isPresent();
  }

  @Test
  void aFileWithoutTheSectionHasNoSettings() throws Exception {
    assertThat(TightenSettings.read(write("environments: {}\n")))
        .isEqualTo(new TightenSettings(null, java.util.List.of()));
    assertThat(TightenSettings.read(dir.resolve("absent.yaml")).references()).isEmpty();
  }

  @Test
  void eachProblemIsRefusedWithItsLine() throws Exception {
    assertThatThrownBy(() -> TightenSettings.read(write("tighten:\n  min-rows: many\n")))
        .isInstanceOf(FerryException.class).hasMessageContaining(":2: tighten.min-rows must be");
    assertThatThrownBy(() -> TightenSettings.read(write("tighten:\n  refs: []\n")))
        .hasMessageContaining(":2: unknown setting 'refs' in tighten");
    assertThatThrownBy(() -> TightenSettings.read(write(
        "tighten:\n  references:\n    - {from: a.b}\n")))
        .hasMessageContaining(":3: tighten.references[1] needs 'from'");
    assertThatThrownBy(() -> TightenSettings.read(write(
        "tighten:\n  references:\n    - {from: a.b, to: c.d, on: x}\n")))
        .hasMessageContaining(":3: unknown setting 'on' in tighten.references[1]");
  }

  private Path write(String text) throws Exception {
    Path file = Files.createTempFile(dir, "ferry", ".yaml");
    Files.writeString(file, text);
    return file;
  }
}
