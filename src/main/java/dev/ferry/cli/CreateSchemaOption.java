package dev.ferry.cli;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import picocli.CommandLine.Option;

/** {@code --create-schema}, for the commands that write into a database: copy and import. */
final class CreateSchemaOption {

  @Option(names = "--create-schema", arity = "0..1", fallbackValue = "new",
      paramLabel = "new|reuse", description = {"Create the source's tables on the target first"
          + " (the DDL ferry schema writes), then copy. The target must hold none of them;"
          + " =reuse keeps those that match the source. See docs/schema.md."})
  String value;

  /** {@code new} or {@code reuse}; null without the option. */
  String value() {
    if (value != null && !value.equals("new") && !value.equals("reuse")) {
      throw new FerryException(ErrorCode.USAGE, "--create-schema takes new (the default) or"
          + " reuse, not '" + value + "'");
    }
    return value;
  }
}
