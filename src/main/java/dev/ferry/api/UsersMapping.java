package dev.ferry.api;

import dev.ferry.identity.IdentityConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Rewrite identity references while copying, with an operator-validated map.
 *
 * @param config the identity section of ferry.yaml
 * @param map the operator's {@code user-map.csv}
 * @param targetUsers an export of the target's users, when the target database is not the
 *     copy's target (exports into a bundle); null to read them from the target
 */
public record UsersMapping(IdentityConfig config, Path map, Path targetUsers) {
  public UsersMapping {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(map, "map");
  }
}
