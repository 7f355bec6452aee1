package io.ratify.api;

import com.google.errorprone.annotations.Immutable;
import java.time.Duration;
import java.util.Objects;

/**
 * A point in (monotonic) time by which an operation must finish. One deadline is created per
 * validation and passed to every plugin call, so that no registry, key vault or verifier call
 * outlives the request. Immutable and thread-safe.
 */
@Immutable
public final class Deadline {
  private static final long MAX_NANOS = Duration.ofDays(1).toNanos();
  private final long deadlineNanos;

  private Deadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * A deadline {@code timeout} from now; timeouts above one day are clamped to one day.
   *
   * @param timeout the timeout
   * @return a deadline {@code timeout} from now; timeouts above one day are clamped to one day
   */
  public static Deadline after(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long nanos = Math.max(0, Math.min(MAX_NANOS, timeout.toNanos()));
    return new Deadline(System.nanoTime() + nanos);
  }

  /**
   * The time left, zero when expired.
   *
   * @return the time left, zero when expired
   */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /**
   * Whether the deadline has passed.
   *
   * @return whether the deadline has passed
   */
  public boolean isExpired() {
    return deadlineNanos - System.nanoTime() <= 0;
  }

  /**
   * The smaller of {@code limit} and the time left: a timeout for one call.
   *
   * @param limit the limit
   * @return the smaller of {@code limit} and the time left: a timeout for one call
   */
  public Duration cap(Duration limit) {
    Duration left = remaining();
    return left.compareTo(limit) < 0 ? left : limit;
  }

  /**
   * The earlier of this deadline and one {@code timeout} from now.
   *
   * @param timeout the timeout
   * @return the earlier of this deadline and one {@code timeout} from now
   */
  public Deadline min(Duration timeout) {
    Deadline other = after(timeout);
    return other.deadlineNanos - deadlineNanos < 0 ? other : this;
  }

  /**
   * Throws when expired.
   *
   * @param what the operation about to start, for the message
   * @throws RatifyException with {@link ErrorCode#TIMEOUT}
   */
  public void check(String what) throws RatifyException {
    if (isExpired()) {
      throw new RatifyException(
          ErrorCode.TIMEOUT,
          "deadline exceeded before " + what,
          "raise the verification timeout or check the registry's latency",
          null);
    }
  }

  @Override
  public String toString() {
    return "Deadline[remaining=" + remaining().toMillis() + "ms]";
  }
}
