package dev.ferry.api;

import dev.ferry.error.Redactor;
import java.util.Objects;

/**
 * How to reach one database: a JDBC URL and, when they are not inside it, credentials. Its {@link
 * #toString()} never shows the password, and {@link #displayUrl()} masks any inside the URL. Its
 * passwords (given, and inside the URL) are {@linkplain Redactor#remember remembered}, so that
 * no message of this process shows them, whichever driver quotes them.
 *
 * @param name the environment name from the configuration, or null for a plain URL
 * @param url the JDBC URL
 * @param user the user, or null when the URL carries it (or none is needed)
 * @param password the password, or null
 */
public record ConnectionSpec(String name, String url, String user, String password)
    implements java.io.Serializable {

  public ConnectionSpec {
    Objects.requireNonNull(url, "url");
    Redactor.remember(password);
    Redactor.rememberUrl(url);
  }

  /** The URL with any password in it masked, safe for messages and artifacts. */
  public String displayUrl() {
    return Redactor.maskUrl(url);
  }

  /** The environment name, or the masked URL when there is none. */
  public String describe() {
    return name != null ? name + " (" + displayUrl() + ")" : displayUrl();
  }

  /** Masks {@code text} for this endpoint: its password and any password-looking URL part. */
  public String redact(String text) {
    return Redactor.redact(text, password);
  }

  @Override
  public String toString() {
    return "ConnectionSpec[" + describe() + ", user=" + user + (password == null ? "" : ", password=***")
        + "]";
  }
}
