package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./ferry} launcher's JVM defaults (README, "Building and testing"): a run whose configuration
 * carries files keeps the C2 compiler, which alone hashes SHA-256 with the CPU's instructions;
 * a copy without files runs on C1 alone. Runs the launcher itself on the packaged jar (an
 * integration test: {@code package} has built it), with the JVM printing the flags it was given.
 */
class LauncherJvmIT {

  private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
  private static final String C2_RAISED = "-XX:Tier4InvocationThreshold=100000";
  private static final String FILES = """
      tables:
        attachment:
          files: {column: path, from: store-a, to: store-b}
      """;

  @TempDir Path dir;

  @Test
  void aCopyWithoutFilesRunsOnC1Alone() throws Exception {
    Files.writeString(dir.resolve("ferry.yaml"), "tables:\n  attachment:\n    keys: remap\n");

    String flags = jvmFlags("copy", "--help");

    assertThat(flags).contains(C1_ONLY).doesNotContain(C2_RAISED);
  }

  @Test
  void aCopyWhoseFerryYamlCarriesFilesKeepsC2() throws Exception {
    Files.writeString(dir.resolve("ferry.yaml"), FILES);

    String flags = jvmFlags("copy", "--help");

    assertThat(flags).contains(C2_RAISED).doesNotContain(C1_ONLY);
  }

  @Test
  void aConfigNamedByOptionIsLookedAtInBothSpellings() throws Exception {
    Files.writeString(dir.resolve("files.yml"), FILES);

    assertThat(jvmFlags("copy", "--config", "files.yml", "--help")).contains(C2_RAISED);
    assertThat(jvmFlags("import", "--config=files.yml", "--help")).contains(C2_RAISED);
    assertThat(jvmFlags("inspect", "--config", "files.yml", "--help")).contains(C1_ONLY);
  }

  @Test
  void verifyKeepsC2WithoutFiles() throws Exception {
    assertThat(jvmFlags("verify", "--help")).contains(C2_RAISED).doesNotContain(C1_ONLY);
  }

  /** The flags the JVM reports it was started with, by the launcher run in {@link #dir}. */
  private String jvmFlags(String... args) throws IOException, InterruptedException {
    Path launcher = Path.of("ferry").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true);
    builder.environment().remove("FERRY_JVM_DEFAULTS");
    builder.environment().put("FERRY_CDS", "0");
    builder.environment().put("FERRY_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out.lines().filter(l -> l.contains("-XX:")).findFirst().orElse("");
  }
}
