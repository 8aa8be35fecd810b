package dev.ferry.cli;

import dev.ferry.api.MergeMode;
import picocli.CommandLine.Mixin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry copy}: any endpoint to any endpoint. */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Copies every selected table from one endpoint to another, in load order.",
      "Streams in chunks that each commit with their checkpoint, so a killed run resumes",
      "without losing or duplicating a row. Refuses before the first write when the target",
      "does not fit (exit 4). An endpoint is a JDBC URL, an environment of ferry.yaml or a",
      "bundle directory.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 done; 2 bad input; 3 an orphan check failed; 4 refused by preflight.",
      "Examples:",
      "  ferry copy --from qa --to uat --dry-run",
      "  ferry copy --from jdbc:mariadb://old/app?user=u --to jdbc:postgresql://new/app \\",
      "      --to-password-env PGPASSWORD --parallel 2",
      "  ferry copy --from qa --to uat --resume          (after a kill)",
      "  ferry copy --from mariadb-prod --to jdbc:postgresql://new/app --create-schema"
    })
final class CopyCommand extends TransferCommand {

  @Option(names = "--from", required = true, paramLabel = "ENDPOINT", description = "The source.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "ENDPOINT", description = "The target.")
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
}
