package dev.ferry.transfer;

import dev.ferry.api.ErrorCode;
import dev.ferry.api.FerryException;
import dev.ferry.catalog.TableFilter;
import java.nio.file.Path;

/** Opens bundle directories as sources and targets. */
final class Bundles {

  private Bundles() {}

  static SourceReader source(Path directory, TableFilter filter) {
    throw new FerryException(ErrorCode.USAGE, "bundle endpoints (" + directory
        + ") arrive with the bundle format; copy between databases for now");
  }

  static TargetWriter target(Path directory, boolean gzip) {
    throw new FerryException(ErrorCode.USAGE, "bundle endpoints (" + directory
        + ") arrive with the bundle format; copy between databases for now");
  }
}
