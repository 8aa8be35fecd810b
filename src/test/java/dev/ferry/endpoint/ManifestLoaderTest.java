package dev.ferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Consolidation;
import dev.ferry.api.KeyPolicy;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consolidation manifest (docs/consolidate.md): read whole, or refused at its line. */
class ManifestLoaderTest {

  @TempDir Path dir;

  private final ManifestLoader loader = new ManifestLoader(Map.of("PW", "s3cret")::get);

  private static final String GOOD = """
      target:
        url: jdbc:postgresql://db/app
        user: owner
        password: ${PW}
      tenant-column: tenant_id
      batch-size: 500
      drift: ignore-extra-columns
      tables:
        currency: {tenant-column: none}
        customer:
          keys: remap
          transforms:
            legacy_uuid: uuid-from-key
            origin: {constant: legacy}
      tenants:
        - name: north
          id: '7'
          source: {url: 'jdbc:sqlite:north.db'}
        - name: south
          source: {url: 'jdbc:sqlite:south.db'}
      """;

  @Test
  void aManifestIsReadWhole() throws Exception {
    Consolidation m = loader.load(write(GOOD));

    assertThat(m.target().password()).isEqualTo("s3cret");
    assertThat(m.tenantColumn()).isEqualTo("tenant_id");
    assertThat(m.batchSize()).isEqualTo(500);
    assertThat(m.drift()).isEqualTo(Consolidation.Drift.IGNORE_EXTRA_COLUMNS);
    assertThat(m.tables().get("currency").tenantColumn()).isEmpty();
    assertThat(m.tables().get("customer").keys()).isEqualTo(KeyPolicy.REMAP);
    assertThat(m.tables().get("customer").transforms()).containsOnlyKeys("legacy_uuid", "origin");
    assertThat(m.tenants()).extracting(Consolidation.Tenant::id).containsExactly("7", "south");
  }

  @Test
  void badManifestsAreRefusedAtTheirLineWithWhatToDo() throws Exception {
    assertRefused(GOOD.replace("batch-size: 500", "batch-size: lots"), 6, "batch-size");
    assertRefused(GOOD.replace("uuid-from-key", "uuid-from-nothing"), 13, "a transform is");
    assertRefused(GOOD.replace("keys: remap", "keys: shuffle"), 11, "Use remap or preserve");
    assertRefused(GOOD.replace("drift: ignore-extra-columns", "drift: sometimes"), 7,
        "ignore-extra-columns");
    assertRefused(GOOD.replace("- name: south", "- name: north"), 19, "its own name");
    assertRefused(GOOD.replace("    id: '7'\n", "    id: '7'\n    color: red\n"), 18,
        "unknown setting 'color'");
    assertRefused(GOOD.replace("url: 'jdbc:sqlite:south.db'", "url: 'sqlite:south.db'"), 20,
        "JDBC URL");
  }

  @Test
  void aMissingPasswordFileIsNamedButNoPasswordEverIs() throws Exception {
    Path file = write(GOOD.replace("password: ${PW}", "password-file: nowhere.pw"));

    assertThatThrownBy(() -> loader.load(file)).hasMessageContaining("nowhere.pw")
        .hasMessageStartingWith(file + ":4: ");
    assertRefused(GOOD.replace("batch-size: 500", "batch-size: 0"), 6, "positive");
  }

  private void assertRefused(String yaml, int line, String what) throws Exception {
    Path file = write(yaml);
    assertThatThrownBy(() -> loader.load(file)).isInstanceOf(FerryException.class)
        .satisfies(e -> assertThat(((FerryException) e).code())
            .isEqualTo(ErrorCode.CONFIGURATION))
        .hasMessageStartingWith(file + ":" + line + ": ").hasMessageContaining(what)
        .hasMessageNotContaining("s3cret");
  }

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("consolidation.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
