package dev.ferry.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Rewrite identity references while copying, with an operator-validated map.
 *
 * @param config the identity section of ferry.yaml
 * @param map the operator's {@code user-map.csv}
 * @param targetUsers an export of the target's users, when the target database is not the
 *     copy's target (exports into a bundle); null to read them from the target
 * @param targetDatabase the target environment's database to read its users from, when the copy
 *     writes elsewhere (a bundle, scripts); null to read them from the copy's target
 */
public record UsersMapping(IdentityConfig config, Path map, Path targetUsers,
    Endpoint targetDatabase) {
  public UsersMapping {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(map, "map");
  }

  /** Users read from the copy's target database or from {@code targetUsers}. */
  public UsersMapping(IdentityConfig config, Path map, Path targetUsers) {
    this(config, map, targetUsers, null);
  }
}
