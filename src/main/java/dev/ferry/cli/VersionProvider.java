package dev.ferry.cli;

import dev.ferry.api.FerryVersion;
import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or {@code dev} when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "ferry " + FerryVersion.current(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  /** The bare version, for artifacts. */
  static String version() {
    return FerryVersion.current();
  }
}
