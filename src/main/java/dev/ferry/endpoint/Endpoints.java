package dev.ferry.endpoint;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Turns what the user typed as an endpoint (a JDBC URL or an environment name) plus credential
 * options into a {@link ConnectionSpec}.
 */
public final class Endpoints {

  private final FerryConfig config;
  private final Function<String, String> environment;

  /**
   * @param config the loaded configuration (possibly empty)
   * @param environment lookup for {@code --password-env}
   */
  public Endpoints(FerryConfig config, Function<String, String> environment) {
    this.config = config;
    this.environment = environment;
  }

  /**
   * Resolves an endpoint.
   *
   * @throws FerryException {@link ErrorCode#USAGE} for an unknown name, {@link
   *     ErrorCode#CONFIGURATION} for unreadable credentials
   */
  public ConnectionSpec resolve(String endpoint, Credentials credentials) {
    if (endpoint.startsWith("jdbc:")) {
      return withOverrides(new ConnectionSpec(null, endpoint, null, null), credentials);
    }
    EnvironmentConfig env = config.environment(endpoint).orElseThrow(() -> unknown(endpoint));
    String password = env.password();
    if (env.passwordFile() != null) {
      password = readPasswordFile(env.passwordFile(), env.location());
    }
    return withOverrides(new ConnectionSpec(env.name(), env.url(), env.user(), password),
        credentials);
  }

  private ConnectionSpec withOverrides(ConnectionSpec spec, Credentials c) {
    String user = c.user() != null ? c.user() : spec.user();
    String password = spec.password();
    if (c.passwordEnv() != null) {
      password = environment.apply(c.passwordEnv());
      if (password == null) {
        throw new FerryException(ErrorCode.CONFIGURATION, "--password-env " + c.passwordEnv()
            + ": that environment variable is not set. Export it, or use --password-file.");
      }
    } else if (c.passwordFile() != null) {
      password = readPasswordFile(c.passwordFile(), "--password-file");
    } else if (c.prompted() != null) {
      password = new String(c.prompted());
    }
    return new ConnectionSpec(spec.name(), spec.url(), user, password);
  }

  private FerryException unknown(String endpoint) {
    String known = config.environments().isEmpty()
        ? (config.source() == null
            ? "there is no ferry.yaml here to define environments"
            : config.source() + " defines no environments")
        : "known environments: " + String.join(", ", config.environments().keySet());
    return new FerryException(ErrorCode.USAGE, "unknown endpoint '" + endpoint
        + "': it is not a JDBC URL (jdbc:...) and " + known
        + ". Give a JDBC URL or an environment name (see docs/configuration.md).");
  }

  private static String readPasswordFile(String file, String where) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
      return lines.isEmpty() ? "" : lines.get(0);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.CONFIGURATION, where + ": cannot read password file "
          + file + ": " + FileFailure.reason(e) + ". Check the path and permissions.", e);
    }
  }
}
