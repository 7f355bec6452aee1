package io.ratify.core.internal.executor;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.time.Duration;

/**
 * The bounds of the executor options, checked the same way by the executor builder and the
 * configuration.
 */
public final class ExecutorOptions {
  /** The longest validation timeout accepted. */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(1);

  private ExecutorOptions() {}

  /** Checks the timeout, the concurrency and the depth. */
  public static void check(Duration timeout, int concurrency, int maxDepth) throws RatifyException {
    if (timeout == null
        || timeout.isNegative()
        || timeout.isZero()
        || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw invalid("timeout", "must be above zero and at most one day, got " + timeout);
    }
    checkRange("concurrency", concurrency, 1, 64);
    checkRange("maxDepth", maxDepth, 0, 8);
  }

  /** Checks that {@code v} lies in {@code [min, max]}. */
  public static void checkRange(String option, int v, int min, int max) throws RatifyException {
    if (v < min || v > max) {
      throw invalid(option, "must be between " + min + " and " + max + ", got " + v);
    }
  }

  /** A {@link ErrorCode#CONFIG_INVALID} about one executor option. */
  public static RatifyException invalid(String option, String problem) {
    return new RatifyException(
        ErrorCode.CONFIG_INVALID,
        "executor option '" + option + "': " + problem,
        "fix the executor configuration",
        null);
  }
}
