package dev.ferry.cli;

import dev.ferry.api.KeyPolicy;
import dev.ferry.api.MergeMode;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import picocli.CommandLine.Option;

/**
 * {@code --merge} and {@code --keys}, for copy and import; {@code --merge} also for {@code script
 * inserts} (upsert scripts), which refuses {@code --keys}.
 */
final class MergeOption {

  @Option(names = "--merge", paramLabel = "MODE",
      description = "Write into target tables that already hold rows, by key: fail (refuse"
          + " before writing when a row differs), skip (keep the target's row), replace"
          + " (overwrite every column), update (only the columns that differ), newer-wins (by"
          + " the version column each table names in ferry.yaml: newer-by). Identical rows"
          + " are left as they are. Per table: 'tables:' in ferry.yaml. See docs/merge.md.")
  String mode;

  @Option(names = "--keys", paramLabel = "POLICY",
      description = "Whose keys the rows get in the target, for every table: preserve (the"
          + " source's, the default) or remap (the target generates them; ferry keeps an id map"
          + " and rewrites every reference). Per table: 'tables:' in ferry.yaml, which also takes"
          + " match (pair rows by a natural key)."
          + " See docs/merge.md.")
  String keys;

  /** The key policy given; null without {@code --keys}. */
  KeyPolicy keys() {
    if (keys == null) {
      return null;
    }
    KeyPolicy parsed = KeyPolicy.parse(keys);
    if (parsed == null) {
      throw new FerryException(ErrorCode.USAGE, "--keys must be one of " + KeyPolicy.labels()
          + ", not '" + keys + "'");
    }
    if (parsed == KeyPolicy.MATCH) {
      throw new FerryException(ErrorCode.USAGE, "--keys match needs each table's natural key:"
          + " give it per table in ferry.yaml (tables: {customer: {keys: match, match:"
          + " [email]}})");
    }
    return parsed;
  }

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
