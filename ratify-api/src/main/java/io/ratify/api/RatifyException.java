package io.ratify.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The one checked exception of Ratify for Java. Every failure that is not a verification outcome
 * (bad configuration, unreachable registry, timeout, malformed input) is a {@code RatifyException}
 * carrying a stable {@link ErrorCode}. Its message follows {@code <CODE>: <what failed>: <why>:
 * <remediation>}; it never contains credentials.
 */
public class RatifyException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The stable code. */
  private final ErrorCode code;

  /** What failed and why, for people. */
  private final String detail;

  /** What to do about it; may be null. */
  private final String remediation;

  /**
   * An exception without remediation or cause.
   *
   * @param code the stable code
   * @param detail what failed, for people
   */
  public RatifyException(ErrorCode code, String detail) {
    this(code, detail, null, null);
  }

  /**
   * An exception without remediation.
   *
   * @param code the stable code
   * @param detail what failed, for people
   * @param cause the underlying failure, or {@code null}
   */
  public RatifyException(ErrorCode code, String detail, Throwable cause) {
    this(code, detail, null, cause);
  }

  /**
   * An exception with all its parts.
   *
   * @param code the stable code
   * @param detail what failed, for people
   * @param remediation what to do about it, or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public RatifyException(ErrorCode code, String detail, String remediation, Throwable cause) {
    super(render(code, detail, cause, remediation), cause);
    this.code = Objects.requireNonNull(code, "code");
    this.detail = Objects.requireNonNull(detail, "detail");
    this.remediation = remediation;
  }

  private static String render(ErrorCode code, String detail, Throwable cause, String remediation) {
    StringBuilder b = new StringBuilder(String.valueOf(code)).append(": ").append(detail);
    if (cause != null && !(cause instanceof RatifyException) && cause.getMessage() != null) {
      b.append(": ").append(cause.getMessage());
    }
    if (remediation != null && !remediation.isBlank()) {
      b.append(": ").append(remediation);
    }
    return b.toString();
  }

  /**
   * The stable error code.
   *
   * @return the stable error code
   */
  public ErrorCode code() {
    return code;
  }

  /**
   * What failed, without the code prefix.
   *
   * @return what failed, without the code prefix
   */
  public String detail() {
    return detail;
  }

  /**
   * What the user can do about it, if known; the innermost remediation wins.
   *
   * @return what the user can do about it, if known; the innermost remediation wins
   */
  public Optional<String> remediation() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof RatifyException r && r.remediation != null) {
        return Optional.of(r.remediation);
      }
    }
    return Optional.ofNullable(remediation);
  }

  /**
   * The root cause as a short sentence, as Ratify reports it in {@code errorReason}.
   *
   * @return the root cause as a short sentence, as Ratify reports it in {@code errorReason}
   */
  public String errorReason() {
    Throwable root = this;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof RatifyException r) {
      return r.detail;
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
