package io.ratify.core.internal.config;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;

/** The one wording of a bad executor option, whether it is a limit, the store or a verifier. */
public final class ExecutorOptionErrors {
  private ExecutorOptionErrors() {}

  /** A {@link ErrorCode#CONFIG_INVALID} naming the executor option and what is wrong with it. */
  public static RatifyException invalid(String option, String problem) {
    return new RatifyException(
        ErrorCode.CONFIG_INVALID,
        "executor option '" + option + "': " + problem,
        "fix the executor configuration",
        null);
  }
}
