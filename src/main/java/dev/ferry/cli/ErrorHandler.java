package dev.ferry.cli;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.error.Redactor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystemException;
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
    } else if (ioFailure(ex) != null && FileFailure.isAboutThePath(ioFailure(ex))) {
      // a path the user gave that is missing, not allowed or of the wrong kind: bad input
      Throwable io = ioFailure(ex);
      String file = io instanceof FileSystemException fs && fs.getFile() != null
          ? fs.getFile() + ": " : "";
      err.println(Redactor.scrub("ferry: cannot use " + file + FileFailure.reason(io)
          + ". Check the path and its permissions."));
      code = ErrorCode.INPUT.exitCode();
    } else {
      // the class name is in the stack trace --verbose prints, not in the sentence
      err.println(Redactor.scrub("ferry: unexpected failure (" + FileFailure.reason(ex) + ")"
          + (verbose ? "" : "; run again with --verbose for the details")));
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

  /** The I/O failure behind an exception, or null. */
  private static Throwable ioFailure(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return t;
      }
    }
    return null;
  }
}
