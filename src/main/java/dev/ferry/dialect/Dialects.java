package dev.ferry.dialect;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link Dialect} for a JDBC URL among those registered with ServiceLoader. */
public final class Dialects {

  private static final List<Dialect> ALL = load();

  private Dialects() {}

  /** Every registered dialect, in registration order. */
  public static List<Dialect> all() {
    return ALL;
  }

  /**
   * The dialect serving the URL.
   *
   * @throws FerryException {@link ErrorCode#USAGE} when no dialect serves it
   */
  public static Dialect forUrl(String jdbcUrl) {
    for (Dialect dialect : ALL) {
      if (dialect.accepts(jdbcUrl)) {
        return dialect;
      }
    }
    String scheme = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.split(":", 3)[1] : jdbcUrl.split(":", 2)[0];
    List<String> known = new ArrayList<>();
    ALL.forEach(d -> known.addAll(d.urlPrefixes()));
    throw new FerryException(
        ErrorCode.USAGE,
        "unknown database URL scheme '"
            + scheme
            + "': ferry reads "
            + String.join(", ", known)
            + " URLs. Check the endpoint's spelling.");
  }

  /** The dialect with that id ({@code postgres}, {@code mariadb}, ...). */
  public static Dialect byId(String id) {
    return ALL.stream()
        .filter(d -> d.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new FerryException(ErrorCode.USAGE, "unknown dialect '" + id + "'"));
  }

  private static List<Dialect> load() {
    List<Dialect> dialects = new ArrayList<>();
    ServiceLoader.load(Dialect.class, Dialects.class.getClassLoader()).forEach(dialects::add);
    return List.copyOf(dialects);
  }
}
