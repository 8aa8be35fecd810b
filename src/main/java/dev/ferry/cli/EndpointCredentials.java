package dev.ferry.cli;

import dev.ferry.endpoint.Credentials;
import picocli.CommandLine.Option;

/**
 * Credentials for a command with a source and a target, each overriding its URL's or
 * environment's. Passwords come from an environment variable or a file, never the command line.
 */
final class EndpointCredentials {

  @Option(names = "--from-user", paramLabel = "NAME", description = "Source database user.")
  String fromUser;

  @Option(names = "--from-password-env", paramLabel = "VAR",
      description = "Read the source password from this environment variable.")
  String fromPasswordEnv;

  @Option(names = "--from-password-file", paramLabel = "FILE",
      description = "Read the source password from the first line of this file.")
  String fromPasswordFile;

  @Option(names = "--to-user", paramLabel = "NAME", description = "Target database user.")
  String toUser;

  @Option(names = "--to-password-env", paramLabel = "VAR",
      description = "Read the target password from this environment variable.")
  String toPasswordEnv;

  @Option(names = "--to-password-file", paramLabel = "FILE",
      description = "Read the target password from the first line of this file.")
  String toPasswordFile;

  Credentials from() {
    return new Credentials(fromUser, fromPasswordEnv, fromPasswordFile, null);
  }

  Credentials to() {
    return new Credentials(toUser, toPasswordEnv, toPasswordFile, null);
  }
}
