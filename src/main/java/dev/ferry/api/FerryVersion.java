package dev.ferry.api;

/** ferry's own version, as shown by {@code ferry --version} and recorded in artifacts. */
public final class FerryVersion {

  private FerryVersion() {}

  /**
   * The {@code Implementation-Version} of ferry's jar, or {@code dev} when ferry runs from classes
   * (tests, an IDE).
   */
  public static String current() {
    String version = FerryVersion.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
