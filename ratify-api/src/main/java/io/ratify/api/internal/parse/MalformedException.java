package io.ratify.api.internal.parse;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;

/**
 * Input the parsing kit refuses. The message says what is wrong (never the input itself), and it is
 * the only exception the kit's readers throw for bad input. It records no stack trace: hostile
 * input must not make failure expensive.
 */
public final class MalformedException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param reason what is wrong, without the offending content
   */
  public MalformedException(String reason) {
    super(reason, null, false, false);
  }

  /**
   * This failure as a {@link RatifyException}: the documented way a module maps the kit's failure
   * to its error code.
   *
   * @param code the stable code, usually {@link ErrorCode#CERT_INVALID}
   * @param what what was being read (for example {@code "field 'parameters.value'"})
   * @param remediation what to do about it
   * @return the exception to throw
   */
  public RatifyException toRatifyException(ErrorCode code, String what, String remediation) {
    return new RatifyException(code, what + ": " + getMessage(), remediation, null);
  }
}
