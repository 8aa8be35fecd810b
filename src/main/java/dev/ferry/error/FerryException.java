package dev.ferry.error;

import java.sql.SQLException;

/**
 * The one exception type ferry throws at its users. Its message is written for an operator: what
 * was expected, what was found, where, and what to do next. It never contains credentials: the
 * message is {@linkplain Redactor#scrub scrubbed} as the exception is made, so a driver's text
 * quoted in it cannot carry a password to the user.
 */
public class FerryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /**
   * @param code the outcome, which decides the exit code
   * @param message the operator-facing sentence (no credentials)
   */
  public FerryException(ErrorCode code, String message) {
    super(Redactor.scrub(message));
    this.code = code;
  }

  /**
   * @param code the outcome, which decides the exit code
   * @param message the operator-facing sentence (no credentials)
   * @param cause the underlying failure, kept for {@code --verbose}
   */
  public FerryException(ErrorCode code, String message, Throwable cause) {
    super(Redactor.scrub(message), cause);
    this.code = code;
  }

  /** The outcome this failure stands for. */
  public ErrorCode code() {
    return code;
  }

  /** The SQLState of the underlying {@link SQLException}, if there is one. */
  public String sqlState() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException e && e.getSQLState() != null) {
        return e.getSQLState();
      }
    }
    return null;
  }
}
