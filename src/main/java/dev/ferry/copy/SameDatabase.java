package dev.ferry.copy;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;

/**
 * Refuses a copy whose target is its own source: the two endpoints may spell the same database
 * differently (host aliases, default ports, parameter order, {@code jdbc:mysql:} for {@code
 * jdbc:mariadb:}, a file through a link or a relative path, two environment names), so the
 * servers are asked who they are ({@link Dialect#databaseIdentity}) rather than the URLs
 * compared. Two databases or schemas of one server are fine as long as no table is both read
 * and written.
 */
final class SameDatabase {

  private SameDatabase() {}

  /**
   * Why the copy must not run, or null when source and target are different databases (or no
   * table would be both read and written).
   */
  static String problem(ConnectionSpec from, ConnectionSpec to, CopyPlan plan) {
    Dialect source = Dialects.forUrl(from.url());
    Dialect target = Dialects.forUrl(to.url());
    if (!source.id().equals(target.id())) {
      return null;
    }
    String one;
    String other;
    try (Connection a = Connections.open(from, source, true);
        Connection b = Connections.open(to, target, true)) {
      one = source.databaseIdentity(a);
      other = target.databaseIdentity(b);
    } catch (SQLException e) {
      // an engine that cannot answer is compared by nothing; the copy's own checks still run
      return null;
    }
    if (one == null || !one.equals(other)) {
      return null;
    }
    String shared = plan.steps().stream().flatMap(s -> s.tables().stream())
        .filter(t -> !t.isFixup())
        .filter(t -> t.source().qualified().toLowerCase(Locale.ROOT)
            .equals(t.target().qualified().toLowerCase(Locale.ROOT)))
        .map(t -> t.target().qualified()).findFirst().orElse(null);
    if (shared == null) {
      return null;
    }
    boolean spelledAlike = Objects.equals(from.url(), to.url());
    return "source " + from.describe() + " and target " + to.describe() + " are the same"
        + " database" + (spelledAlike ? "" : ", reached under two names (the server says so: "
        + one + ")") + ": the copy would write the tables it reads (" + shared + ", ...), and"
        + " --truncate-target would empty them. Point --to at another database.";
  }
}
