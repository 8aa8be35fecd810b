package dev.ferry.dialect;

/**
 * The outcome of trying to take ferry's run lock on a target database.
 *
 * @param release releases the lock; null when it was not taken
 * @param heldBy who holds the lock, for the refusal message, when it was not taken; null when it
 *     was
 */
public record LockAttempt(AutoCloseable release, String heldBy) {

  /** Taken; {@code release} gives it back. */
  public static LockAttempt taken(AutoCloseable release) {
    return new LockAttempt(release, null);
  }

  /** Held by someone else, described by {@code holder}. */
  public static LockAttempt heldBy(String holder) {
    return new LockAttempt(null, holder);
  }

  /** True when this attempt took the lock. */
  public boolean isTaken() {
    return release != null;
  }
}
