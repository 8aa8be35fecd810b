package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry consolidate}'s own refusals, before any database is opened. */
class ConsolidateCommandTest {

  @TempDir Path dir;

  @Test
  void moreThanOneTenantAtOnceIsRefusedAsNotBuiltYet() throws Exception {
    Path manifest = Files.writeString(dir.resolve("m.yaml"), "target: {url: 'jdbc:sqlite:t'}\n"
        + "tenants:\n  - {name: a, source: {url: 'jdbc:sqlite:a'}}\n");

    Cli.Result run = Cli.run("consolidate", "--manifest", manifest.toString(),
        "--parallel-tenants", "2");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.all()).contains("--parallel-tenants 2: only 1 is built so far");
  }

  @Test
  void aBadManifestExitsTwoNamingItsLine() throws Exception {
    Path manifest = Files.writeString(dir.resolve("m.yaml"), "target: {url: 'jdbc:sqlite:t'}\n"
        + "tenants: []\n");

    Cli.Result run = Cli.run("consolidate", "--manifest", manifest.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.all()).contains(manifest + ":2: 'tenants:' must list at least one tenant");
  }
}
