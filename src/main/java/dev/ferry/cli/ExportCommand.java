package dev.ferry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry export}: a database into a bundle directory. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Exports a database into a bundle directory (manifest.json + one file per table).",
      "Each file's row count, size and SHA-256 are in the manifest; see docs/bundle-format.md.",
      ""
    },
    footer = {"", "Example:", "  ferry export --from qa --to ./qa-bundle --gzip"})
final class ExportCommand extends TransferCommand {

  @Option(names = "--from", required = true, paramLabel = "ENDPOINT",
      description = "The database: a JDBC URL or an environment.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "The bundle directory.")
  String to;

  @Option(names = "--gzip", description = "Compress the data files.")
  boolean gzip;

  @Override
  String from() {
    return from;
  }

  @Override
  String to() {
    return to;
  }

  @Override
  Boolean sourceIsBundle() {
    return false;
  }

  @Override
  Boolean targetIsBundle() {
    return true;
  }

  @Override
  boolean gzip() {
    return gzip;
  }
}
