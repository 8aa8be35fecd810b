package dev.ferry.cli;

import dev.ferry.api.ErrorCode;
import dev.ferry.api.FerryException;
import dev.ferry.api.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps failures to exit codes: a {@link FerryException} prints its message and exits with its
 * code; anything else is an unexpected failure (exit 1). Stack traces only with {@code --verbose}.
 * Everything it prints is {@linkplain Redactor#scrub scrubbed}, the stack trace included: the
 * messages of the causes in it are the drivers' own.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    boolean verbose = Main.isVerbose(parseResult);
    int code;
    if (ex instanceof FerryException fe) {
      err.println("ferry: " + Redactor.scrub(fe.getMessage()));
      code = fe.code().exitCode();
    } else {
      err.println(Redactor.scrub("ferry: unexpected failure: " + ex.getClass().getSimpleName()
          + (ex.getMessage() == null ? "" : ": " + firstLine(ex.getMessage()))
          + (verbose ? "" : " (run again with --verbose for details)")));
      code = ErrorCode.UNEXPECTED.exitCode();
    }
    if (verbose) {
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      err.print(Redactor.scrub(trace.toString()));
    }
    err.flush();
    return code;
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
