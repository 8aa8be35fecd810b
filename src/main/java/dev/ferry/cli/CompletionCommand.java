package dev.ferry.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry completion}: prints a bash/zsh completion script generated from the commands. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a bash/zsh completion script for ferry.",
      "Works in bash and in zsh (with bashcompinit).",
      ""
    },
    footer = {"", "Example:", "  source <(./ferry completion)        # or save it under"
        + " /etc/bash_completion.d/ferry"})
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    PrintWriter out = spec.commandLine().getOut();
    out.print(AutoComplete.bash("ferry", root));
    out.flush();
    return 0;
  }
}
