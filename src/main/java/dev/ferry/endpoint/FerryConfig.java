package dev.ferry.endpoint;

import dev.ferry.api.CastRule;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.FileRule;
import dev.ferry.api.IdentityConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parsed configuration file ({@code ferry.yaml}; format in docs/configuration.md).
 *
 * @param source the file it was read from, or null when there was none
 * @param environments named endpoints, by name
 * @param identity the {@code identity:} section, or null when there is none
 * @param tables the {@code tables:} section: merge modes of single tables, in file order
 * @param rowFilters the {@code tables:} section's row filters ({@code where:}, {@code
 *     keys-file:}), in file order
 * @param casts the {@code casts:} section: type rules for {@code ferry schema} and {@code
 *     --create-schema}, in file order
 * @param files the {@code tables:} section's {@code files:} entries (docs/files.md), in file
 *     order
 */
public record FerryConfig(Path source, Map<String, EnvironmentConfig> environments,
    IdentityConfig identity, List<CopyOptions.TableMerge> tables,
    List<CopyOptions.RowFilter> rowFilters, List<CastRule> casts, List<FileRule> files) {

  public FerryConfig {
    files = files == null ? List.of() : List.copyOf(files);
    environments = Map.copyOf(new TreeMap<>(environments));
    tables = tables == null ? List.of() : List.copyOf(tables);
    rowFilters = rowFilters == null ? List.of() : List.copyOf(rowFilters);
    casts = casts == null ? List.of() : List.copyOf(casts);
  }

  /** A configuration without {@code files:} entries. */
  public FerryConfig(Path source, Map<String, EnvironmentConfig> environments,
      IdentityConfig identity, List<CopyOptions.TableMerge> tables,
      List<CopyOptions.RowFilter> rowFilters, List<CastRule> casts) {
    this(source, environments, identity, tables, rowFilters, casts, List.of());
  }

  /** A configuration without a {@code casts:} section. */
  public FerryConfig(Path source, Map<String, EnvironmentConfig> environments,
      IdentityConfig identity, List<CopyOptions.TableMerge> tables,
      List<CopyOptions.RowFilter> rowFilters) {
    this(source, environments, identity, tables, rowFilters, List.of());
  }

  /** A configuration without row filters. */
  public FerryConfig(Path source, Map<String, EnvironmentConfig> environments,
      IdentityConfig identity, List<CopyOptions.TableMerge> tables) {
    this(source, environments, identity, tables, List.of());
  }

  /** A configuration without a {@code tables:} section. */
  public FerryConfig(Path source, Map<String, EnvironmentConfig> environments,
      IdentityConfig identity) {
    this(source, environments, identity, List.of());
  }

  /** A configuration with nothing in it, for when no file exists. */
  public static FerryConfig empty() {
    return new FerryConfig(null, Map.of(), null);
  }

  /** The environment of that name. */
  public Optional<EnvironmentConfig> environment(String name) {
    return Optional.ofNullable(environments.get(name));
  }
}
