package dev.ferry.testing;

/**
 * One fresh test database.
 *
 * @param engine {@code postgres}, {@code mariadb}, {@code sqlite} or {@code h2}
 * @param url JDBC URL, credentials included (test servers only)
 * @param name the database's own name
 */
public record TestDatabase(String engine, String url, String name) {

  /** The URL without its parameters, so without credentials (server engines). */
  public String bareUrl() {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }
}
