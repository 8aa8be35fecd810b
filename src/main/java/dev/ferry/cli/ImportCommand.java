package dev.ferry.cli;

import dev.ferry.api.MergeMode;
import picocli.CommandLine.Mixin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry import}: a bundle directory into a database. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Imports a bundle directory into a database, in load order, checkpointed and resumable.",
      "Every file is checked against the manifest's SHA-256 before it is loaded.",
      ""
    },
    footer = {"", "Example:", "  ferry import --from ./qa-bundle --to uat --truncate-target"})
final class ImportCommand extends TransferCommand {

  @Option(names = "--from", required = true, paramLabel = "DIR", description = "The bundle.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "ENDPOINT",
      description = "The database: a JDBC URL or an environment.")
  String to;

  @Mixin MergeOption merge;

  @Mixin CreateSchemaOption createSchema;

  @Override
  String createSchema() {
    return createSchema.value();
  }

  @Override
  MergeMode merge() {
    return merge.mode();
  }

  @Override
  dev.ferry.api.KeyPolicy keys() {
    return merge.keys();
  }

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
    return true;
  }

  @Override
  Boolean targetIsBundle() {
    return false;
  }
}
