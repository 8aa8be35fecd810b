package dev.ferry.cli;

import dev.ferry.api.MergeMode;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import picocli.CommandLine.Option;

/** {@code --merge}, for the commands that write into a database: copy and import. */
final class MergeOption {

  @Option(names = "--merge", paramLabel = "MODE",
      description = "Write into target tables that already hold rows, by key: fail (refuse"
          + " before writing when a row differs), skip (keep the target's row), replace"
          + " (overwrite every column), update (only the columns that differ), newer-wins (by"
          + " the version column each table names in ferry.yaml: newer-by). Identical rows"
          + " are left as they are. Per table: 'tables:' in ferry.yaml. See docs/merge.md.")
  String mode;

  /** The mode given; null without {@code --merge}. */
  MergeMode mode() {
    if (mode == null) {
      return null;
    }
    MergeMode parsed = MergeMode.parse(mode);
    if (parsed == null) {
      throw new FerryException(ErrorCode.USAGE, "--merge must be one of " + MergeMode.labels()
          + ", not '" + mode + "'");
    }
    return parsed;
  }
}
