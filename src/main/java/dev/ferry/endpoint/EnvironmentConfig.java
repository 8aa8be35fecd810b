package dev.ferry.endpoint;

/**
 * One named environment of {@code ferry.yaml}, with {@code ${VAR}} references already expanded.
 *
 * @param name the environment's name
 * @param url the JDBC URL
 * @param user the user, or null
 * @param password the password, or null
 * @param passwordFile a file whose first line is the password, or null
 * @param location {@code file:line} of the environment's entry, for messages
 */
public record EnvironmentConfig(
    String name, String url, String user, String password, String passwordFile, String location) {

  @Override
  public String toString() {
    return "EnvironmentConfig[" + name + " at " + location + "]";
  }
}
