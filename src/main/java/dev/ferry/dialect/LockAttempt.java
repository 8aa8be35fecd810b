package dev.ferry.dialect;

/**
 * The outcome of trying to take ferry's run lock on a target database.
 *
 * @param release releases the lock; null when it was not taken
 * @param heldBy who holds the lock, for the refusal message, when another run holds it; else null
 * @param refusal why the lock cannot be taken at all (the principal may not create it), a whole
 *     sentence with what to do; else null
 */
public record LockAttempt(AutoCloseable release, String heldBy, String refusal) {

  /** Taken; {@code release} gives it back. */
  public static LockAttempt taken(AutoCloseable release) {
    return new LockAttempt(release, null, null);
  }

  /** Held by someone else, described by {@code holder}. */
  public static LockAttempt heldBy(String holder) {
    return new LockAttempt(null, holder, null);
  }

  /** Cannot be taken by this principal, for the reason given (a sentence with what to do). */
  public static LockAttempt refused(String reason) {
    return new LockAttempt(null, null, reason);
  }

  /** True when this attempt took the lock. */
  public boolean isTaken() {
    return release != null;
  }
}
