package io.ratify.core.config;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;

/** The error the typed configurations of this package throw from their builders. */
final class TypedConfigs {
  private TypedConfigs() {}

  static RatifyException invalid(String what, String problem) {
    return new RatifyException(
        ErrorCode.CONFIG_INVALID, what + ": " + problem, "fix the configuration in code", null);
  }
}
