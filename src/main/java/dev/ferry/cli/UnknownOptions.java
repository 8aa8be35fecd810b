package dev.ferry.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options a command line gives that its command does not know, found without picocli's
 * parser: that one stops at the first missing required option before it gets to say so.
 */
final class UnknownOptions {

  private UnknownOptions() {}

  /**
   * The arguments after {@code cmd}'s name that look like options ({@code -x}, {@code --xyz},
   * {@code --xyz=v}) and that neither {@code cmd} nor an inherited option knows; values of known
   * options are skipped.
   */
  static List<String> of(CommandLine cmd, String[] args) {
    int start = startOf(cmd, args);
    List<String> unknown = new ArrayList<>();
    for (int i = start; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        break;
      }
      if (!arg.startsWith("-") || arg.equals("-") || arg.matches("-\\d.*")) {
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      OptionSpec option = cmd.getCommandSpec().findOption(name);
      if (option == null) {
        if (!isCluster(cmd, name)) {
          unknown.add(arg);
        }
      } else if (equals < 0) {
        i += valuesAfter(option, args, i);
      }
    }
    return unknown;
  }

  /** Where the command's own arguments start: after its name and its parents' names. */
  private static int startOf(CommandLine cmd, String[] args) {
    List<String> names = new ArrayList<>();
    for (CommandLine c = cmd; c.getParent() != null; c = c.getParent()) {
      names.add(0, c.getCommandName());
    }
    int start = 0;
    for (String name : names) {
      for (int i = start; i < args.length; i++) {
        if (args[i].equals(name)) {
          start = i + 1;
          break;
        }
      }
    }
    return start;
  }

  /** How many of the following arguments are this option's values. */
  private static int valuesAfter(OptionSpec option, String[] args, int at) {
    int min = Math.max(0, option.arity().min());
    int max = option.arity().isVariable() ? Integer.MAX_VALUE : option.arity().max();
    int taken = 0;
    while (taken < max && at + taken + 1 < args.length
        && (taken < min || !args[at + taken + 1].startsWith("-"))) {
      taken++;
    }
    return taken;
  }

  /** {@code -vh}: single-letter options written together, each of them known. */
  private static boolean isCluster(CommandLine cmd, String name) {
    if (!name.matches("-[A-Za-z]{2,}")) {
      return false;
    }
    for (char c : name.substring(1).toCharArray()) {
      if (cmd.getCommandSpec().findOption("-" + c) == null) {
        return false;
      }
    }
    return true;
  }
}
