package dev.ferry.bundle;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a bundle's {@code manifest.json} and {@code run.json}. */
final class Manifests {

  private Manifests() {}

  /**
   * The manifest of a bundle directory, or empty when there is none.
   *
   * @throws FerryException {@code INPUT} when the file exists but cannot be read as a manifest
   */
  static Optional<Manifest> read(Path dir) {
    Path file = dir.resolve(DataFiles.MANIFEST);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Manifest manifest = Json.mapper().readValue(file.toFile(), Manifest.class);
      if (manifest.status() == null || manifest.planFingerprint() == null) {
        throw new IOException("status or planFingerprint is missing");
      }
      return Optional.of(manifest);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, file + " is not a readable bundle manifest: "
          + e.getMessage() + ". Restore the bundle from a copy, or delete the directory and"
          + " export again.", e);
    }
  }

  /** The bundle's run log, or empty when it is missing or unreadable (it is informational). */
  static Optional<RunLog> readRunLog(Path dir) {
    Path file = dir.resolve(DataFiles.RUN);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readValue(file.toFile(), RunLog.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
