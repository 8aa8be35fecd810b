package dev.ferry.endpoint;

/**
 * Credentials given on the command line; each overrides the environment's own.
 *
 * @param user {@code --user}, or null
 * @param passwordEnv {@code --password-env}: the name of a variable holding the password, or null
 * @param passwordFile {@code --password-file}: a file whose first line is the password, or null
 * @param prompted a password typed at the prompt, or null
 */
public record Credentials(String user, String passwordEnv, String passwordFile, char[] prompted) {

  /** No credentials given. */
  public static Credentials none() {
    return new Credentials(null, null, null, null);
  }

  @Override
  public String toString() {
    return "Credentials[user=" + user + ", passwordEnv=" + passwordEnv + ", passwordFile="
        + passwordFile + (prompted == null ? "" : ", prompted=***") + "]";
  }
}
