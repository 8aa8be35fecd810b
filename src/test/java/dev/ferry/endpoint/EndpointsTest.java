package dev.ferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConnectionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {

  @TempDir Path dir;

  private final FerryConfig config = new FerryConfig(Path.of("ferry.yaml"), Map.of(
      "qa", new EnvironmentConfig("qa", "jdbc:postgresql://db-qa/app", "ferry", "from-config",
          null, "ferry.yaml:2")), null);

  @Test
  void environmentNameResolvesToItsSettings() {
    ConnectionSpec spec = new Endpoints(config, k -> null).resolve("qa", Credentials.none());

    assertThat(spec.name()).isEqualTo("qa");
    assertThat(spec.url()).isEqualTo("jdbc:postgresql://db-qa/app");
    assertThat(spec.user()).isEqualTo("ferry");
    assertThat(spec.password()).isEqualTo("from-config");
    assertThat(spec.toString()).doesNotContain("from-config");
  }

  @Test
  void commandLineCredentialsOverrideTheEnvironment() throws Exception {
    Path secret = dir.resolve("pw");
    Files.writeString(secret, "from-file\nignored second line\n");

    ConnectionSpec fromEnv = new Endpoints(config, Map.of("PW", "from-env")::get)
        .resolve("qa", new Credentials("admin", "PW", null, null));
    ConnectionSpec fromFile = new Endpoints(config, k -> null)
        .resolve("qa", new Credentials(null, null, secret.toString(), null));
    ConnectionSpec prompted = new Endpoints(config, k -> null)
        .resolve("jdbc:h2:mem:x", new Credentials("sa", null, null, "typed".toCharArray()));

    assertThat(fromEnv.user()).isEqualTo("admin");
    assertThat(fromEnv.password()).isEqualTo("from-env");
    assertThat(fromFile.password()).isEqualTo("from-file");
    assertThat(prompted.password()).isEqualTo("typed");
  }

  @Test
  void unknownNameListsTheKnownEnvironments() {
    assertThatThrownBy(() -> new Endpoints(config, k -> null).resolve("prod", Credentials.none()))
        .hasMessageContaining("unknown endpoint 'prod'")
        .hasMessageContaining("known environments: qa");
  }

  @Test
  void unsetPasswordVariableIsAClearError() {
    assertThatThrownBy(() -> new Endpoints(config, k -> null)
        .resolve("qa", new Credentials(null, "NOPE", null, null)))
        .hasMessageContaining("--password-env NOPE");
  }
}
