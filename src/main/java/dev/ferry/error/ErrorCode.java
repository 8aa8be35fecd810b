package dev.ferry.error;

/**
 * Why a command stopped, and the process exit code that says so (see docs/exit-codes.md).
 *
 * <p>Exit codes are part of ferry's public contract: 0 done, 1 unexpected failure, 2 bad usage,
 * configuration or input (nothing written), 3 finished but verification failed, 4 refused by a
 * preflight check (nothing written).
 */
public enum ErrorCode {
  /** A bug or an unforeseen condition; the message says what was being done. */
  UNEXPECTED(1),
  /** The command line does not make sense (unknown option, conflicting options). */
  USAGE(2),
  /** The configuration file is missing, malformed or inconsistent. */
  CONFIGURATION(2),
  /** An endpoint cannot be reached, authenticated against or found. */
  CONNECTION(2),
  /** The input (database contents, files) is not what the command needs. */
  INPUT(2),
  /** The work finished but the proof did not hold. */
  VERIFICATION_FAILED(3),
  /** A check made before the first write refused the run; nothing was written. */
  REFUSED(4),
  /**
   * The caller asked the run to stop (the sync service on SIGTERM), and it did between chunks:
   * what it committed stays, a resume or the next cycle carries on.
   */
  STOPPED(1);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The process exit code for this outcome. */
  public int exitCode() {
    return exitCode;
  }
}
