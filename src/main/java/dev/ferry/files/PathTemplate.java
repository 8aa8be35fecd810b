package dev.ferry.files;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a file goes in the target store, and so what the row's reference becomes: {@link #KEEP}
 * the source's path (the reference unchanged), or {@link #SHA256} content-addressed, {@code
 * sha256/ab/cd/<hash>.<ext>}, the extension kept so that a server still serves the right type
 * (and the same content under two extensions is two files, each named for what it is).
 */
public enum PathTemplate {
  /** The source's path, as its row gives it (normalised). */
  KEEP,
  /** {@code sha256/<2 hex>/<2 hex>/<64 hex>[.<extension>]}. */
  SHA256;

  /** An extension worth keeping: short, letters and digits only. */
  private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9]{1,16}");

  /** The template's name as ferry.yaml writes it: {@code keep}, {@code sha256}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The template of that name; null for none. */
  public static PathTemplate parse(String label) {
    for (PathTemplate t : values()) {
      if (t.label().equals(label)) {
        return t;
      }
    }
    return null;
  }

  /** The target path of a file found at {@code source} with that SHA-256. */
  public StorePath target(StorePath source, String sha256) {
    if (this == KEEP) {
      return source;
    }
    String extension = source.extension();
    return new StorePath("sha256/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/"
        + sha256 + (EXTENSION.matcher(extension).matches()
            ? "." + extension.toLowerCase(Locale.ROOT) : ""));
  }
}
