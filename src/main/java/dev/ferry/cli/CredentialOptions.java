package dev.ferry.cli;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.endpoint.ConfigLoader;
import dev.ferry.endpoint.Credentials;
import dev.ferry.endpoint.Endpoints;
import dev.ferry.endpoint.FerryConfig;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Credentials for an endpoint, shared by every command that connects. The password never comes
 * from the command line itself: from an environment variable, a file, or a prompt.
 */
final class CredentialOptions {

  @Option(names = "--user", paramLabel = "NAME",
      description = "Database user (overrides the URL's or the environment's).")
  String user;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  PasswordSource password = new PasswordSource();

  static final class PasswordSource {
    @Option(names = "--password-env", paramLabel = "VAR",
        description = "Read the password from this environment variable.")
    String env;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "Read the password from the first line of this file.")
    String file;

    @Option(names = "--password", interactive = true, arity = "0",
        description = "Prompt for the password.")
    char[] prompted;
  }

  /** Loads the configuration named by {@code --config} (or ./ferry.yaml) and resolves. */
  ConnectionSpec resolve(String endpoint, CommandSpec spec) {
    Path explicit = spec.findOption("--config") == null ? null
        : spec.findOption("--config").getValue();
    FerryConfig config = explicit != null
        ? new ConfigLoader().load(explicit, true)
        : endpoint.startsWith("jdbc:")
            ? FerryConfig.empty()
            : new ConfigLoader().load(Path.of("ferry.yaml"), false);
    Credentials credentials = new Credentials(user, password == null ? null : password.env,
        password == null ? null : password.file, password == null ? null : password.prompted);
    return new Endpoints(config, System::getenv).resolve(endpoint, credentials);
  }
}
