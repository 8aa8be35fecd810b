package dev.ferry.sync;

import static dev.ferry.sync.SyncDatabases.cycles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry sync --log-format json} in a child JVM, as a container runs it: every log line is
 * one JSON object with its job and cycle, and no password reaches one, given in a URL or through
 * {@code password-env}.
 */
class SyncLogsIT {

  static final String URL_SECRET = "Url-secret-3x";

  @TempDir Path dir;

  @Test
  void everyLogLineIsJsonWithItsJobAndCycleAndNoSecret() throws Exception {
    TestDatabase source = SyncDatabases.source("postgres");
    TestDatabase target = SyncDatabases.target("postgres");
    Path file = dir.resolve("sync.yaml");
    Files.writeString(file, "reports: runs\njobs:\n"
        + "  - name: crm\n"
        + "    source: {url: '" + source.url() + "'}\n"
        + "    target: {url: '" + target.url() + "', password-env: TARGET_PW}\n"
        + "  - name: down\n"
        + "    source: {url: 'jdbc:postgresql://127.0.0.1:1/nothing?user=app&password="
        + URL_SECRET + "'}\n"
        + "    target: {url: '" + target.url() + "', password-env: TARGET_PW}\n"
        + "    retry: {max-attempts: 2, backoff: 100ms}\n");

    Run json = run(file, "json");

    assertThat(json.exit).as(json.err).isEqualTo(2);
    assertThat(cycles(target, "crm")).containsExactly("done|4|0|0|0|0");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : json.err.split("\n")) {
      if (!line.isBlank()) {
        JsonNode node = Json.mapper().readTree(line);
        assertThat(node.isObject()).as(line).isTrue();
        assertThat(node.path("timestamp").asText()).as(line).endsWith("Z");
        assertThat(node.path("level").asText()).as(line).isNotBlank();
        assertThat(node.path("logger").asText()).as(line).isNotBlank();
        assertThat(node.has("message")).as(line).isTrue();
        lines.add(node);
      }
    }
    assertThat(lines).anySatisfy(l -> {
      assertThat(l.path("job").asText()).isEqualTo("down");
      assertThat(l.path("cycle").asText()).isNotBlank();
      assertThat(l.path("level").asText()).isEqualTo("WARN");
      assertThat(l.path("message").asText()).contains("127.0.0.1:1");
    });
    assertThat(lines).anySatisfy(l -> assertThat(l.path("job").asText()).isEqualTo("crm"));
    assertThat(json.err + json.out).doesNotContain(URL_SECRET, SyncDatabases.PASSWORD);

    Run text = run(file, "text");
    assertThat(text.err).contains(" WARN ").doesNotStartWith("{")
        .doesNotContain(URL_SECRET, SyncDatabases.PASSWORD);
  }

  record Run(int exit, String out, String err) { }

  private Run run(Path file, String format) throws Exception {
    Path jar = Path.of("target", "ferry.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar",
        jar.toString(), "--verbose", "sync", "--config", file.toString(), "--once",
        "--log-format", format))
        .directory(dir.toFile())
        .redirectOutput(dir.resolve(format + ".out").toFile())
        .redirectError(dir.resolve(format + ".err").toFile());
    builder.environment().put("TARGET_PW", SyncDatabases.PASSWORD);
    Process process = builder.start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("ended").isTrue();
    return new Run(process.exitValue(), Files.readString(dir.resolve(format + ".out")),
        Files.readString(dir.resolve(format + ".err")));
  }
}
