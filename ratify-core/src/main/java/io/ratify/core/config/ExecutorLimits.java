package io.ratify.core.config;

import com.google.errorprone.annotations.Immutable;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.core.internal.config.ExecutorOptionErrors;
import java.time.Duration;
import java.util.Objects;

/**
 * The six bounds of an executor, their defaults and their ranges, in one place: the executor's
 * builder and {@link RatifyConfig} both hold one, and the configuration loader reads the same
 * ranges.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>option</th><th>default</th><th>range</th><th>bounds</th></tr>
 *   <tr><td>{@code timeout}</td><td>10 s</td><td>above zero, at most one day</td>
 *       <td>one validation, from resolution to decision</td></tr>
 *   <tr><td>{@code concurrency}</td><td>3</td><td>1 to 64</td>
 *       <td>simultaneous store and verifier calls of one executor</td></tr>
 *   <tr><td>{@code maxDepth}</td><td>3</td><td>0 to 8</td>
 *       <td>levels of referrers of referrers below the subject's own referrers</td></tr>
 *   <tr><td>{@code maxReferrers}</td><td>64</td><td>1 to 10000</td>
 *       <td>referrers of one subject</td></tr>
 *   <tr><td>{@code maxPages}</td><td>16</td><td>1 to 1000</td>
 *       <td>referrer pages listed for one subject</td></tr>
 *   <tr><td>{@code maxArtifacts}</td><td>1024</td><td>1 to 100000</td>
 *       <td>artifacts one validation visits over all levels</td></tr>
 * </table>
 *
 * <p>A validation that would go beyond {@code maxReferrers}, {@code maxPages} or {@code
 * maxArtifacts} fails with {@link ErrorCode#SIZE_LIMIT_EXCEEDED}; one that outlives {@code timeout}
 * fails with {@link ErrorCode#TIMEOUT}. Immutable; every instance is within the ranges.
 */
@Immutable
public final class ExecutorLimits {
  /** The default overall time budget of one validation: 10 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The longest {@code timeout} accepted: one day. */
  public static final Duration TIMEOUT_CEILING = Duration.ofDays(1);

  /** The default number of simultaneous plugin calls: 3. */
  public static final int DEFAULT_CONCURRENCY = 3;

  /** The highest {@code concurrency} accepted: 64. */
  public static final int CONCURRENCY_CEILING = 64;

  /** The default number of referrer-of-referrer levels walked: 3. */
  public static final int DEFAULT_MAX_DEPTH = 3;

  /** The highest {@code maxDepth} accepted: 8. */
  public static final int MAX_DEPTH_CEILING = 8;

  /** The default bound on referrers of one subject: 64. */
  public static final int DEFAULT_MAX_REFERRERS = 64;

  /** The highest {@code maxReferrers} accepted: 10000. */
  public static final int MAX_REFERRERS_CEILING = 10_000;

  /** The default bound on referrer pages of one subject: 16. */
  public static final int DEFAULT_MAX_PAGES = 16;

  /** The highest {@code maxPages} accepted: 1000. */
  public static final int MAX_PAGES_CEILING = 1000;

  /** The default bound on artifacts visited by one validation, over all levels: 1024. */
  public static final int DEFAULT_MAX_ARTIFACTS = 1024;

  /** The highest {@code maxArtifacts} accepted: 100000. */
  public static final int MAX_ARTIFACTS_CEILING = 100_000;

  private static final ExecutorLimits DEFAULTS = new ExecutorLimits(new Builder());

  private final Duration timeout;
  private final int concurrency;
  private final int maxDepth;
  private final int maxReferrers;
  private final int maxPages;
  private final int maxArtifacts;

  private ExecutorLimits(Builder b) {
    this.timeout = b.timeout;
    this.concurrency = b.concurrency;
    this.maxDepth = b.maxDepth;
    this.maxReferrers = b.maxReferrers;
    this.maxPages = b.maxPages;
    this.maxArtifacts = b.maxArtifacts;
  }

  /**
   * Every limit at its default.
   *
   * @return every limit at its default
   */
  public static ExecutorLimits defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults; {@link Builder#build()} checks every range.
   *
   * @return a builder starting from the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these limits, to change some of them.
   *
   * @return a builder holding these limits
   */
  public Builder toBuilder() {
    return new Builder()
        .timeout(timeout)
        .concurrency(concurrency)
        .maxDepth(maxDepth)
        .maxReferrers(maxReferrers)
        .maxPages(maxPages)
        .maxArtifacts(maxArtifacts);
  }

  /**
   * The overall time budget of one validation.
   *
   * @return the overall time budget of one validation
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Simultaneous store and verifier calls.
   *
   * @return simultaneous store and verifier calls
   */
  public int concurrency() {
    return concurrency;
  }

  /**
   * Levels of referrers of referrers walked below the subject's own referrers.
   *
   * @return levels of referrers of referrers walked below the subject's own referrers
   */
  public int maxDepth() {
    return maxDepth;
  }

  /**
   * The most referrers one subject may have.
   *
   * @return the most referrers one subject may have
   */
  public int maxReferrers() {
    return maxReferrers;
  }

  /**
   * The most referrer pages listed for one subject.
   *
   * @return the most referrer pages listed for one subject
   */
  public int maxPages() {
    return maxPages;
  }

  /**
   * The most artifacts one validation visits over all levels.
   *
   * @return the most artifacts one validation visits over all levels
   */
  public int maxArtifacts() {
    return maxArtifacts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExecutorLimits l
        && timeout.equals(l.timeout)
        && concurrency == l.concurrency
        && maxDepth == l.maxDepth
        && maxReferrers == l.maxReferrers
        && maxPages == l.maxPages
        && maxArtifacts == l.maxArtifacts;
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeout, concurrency, maxDepth, maxReferrers, maxPages, maxArtifacts);
  }

  @Override
  public String toString() {
    return "ExecutorLimits[timeout="
        + timeout
        + ", concurrency="
        + concurrency
        + ", maxDepth="
        + maxDepth
        + ", maxReferrers="
        + maxReferrers
        + ", maxPages="
        + maxPages
        + ", maxArtifacts="
        + maxArtifacts
        + "]";
  }

  /**
   * Assembles limits, starting from the defaults; {@link #build()} checks them. Not thread-safe.
   */
  public static final class Builder {
    private Duration timeout = DEFAULT_TIMEOUT;
    private int concurrency = DEFAULT_CONCURRENCY;
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private int maxReferrers = DEFAULT_MAX_REFERRERS;
    private int maxPages = DEFAULT_MAX_PAGES;
    private int maxArtifacts = DEFAULT_MAX_ARTIFACTS;

    private Builder() {}

    /**
     * The overall time budget of one validation, above zero and at most one day; default 10 s.
     *
     * @param t the time budget
     * @return this builder
     */
    public Builder timeout(Duration t) {
      this.timeout = t;
      return this;
    }

    /**
     * Simultaneous store and verifier calls, 1 to 64; default 3.
     *
     * @param n simultaneous calls
     * @return this builder
     */
    public Builder concurrency(int n) {
      this.concurrency = n;
      return this;
    }

    /**
     * Levels of referrers of referrers walked below the subject's own referrers, 0 to 8; default 3.
     * With 0 only the subject's referrers are verified.
     *
     * @param n levels walked
     * @return this builder
     */
    public Builder maxDepth(int n) {
      this.maxDepth = n;
      return this;
    }

    /**
     * The most referrers one subject may have, 1 to 10000; default 64.
     *
     * @param n the most referrers of one subject
     * @return this builder
     */
    public Builder maxReferrers(int n) {
      this.maxReferrers = n;
      return this;
    }

    /**
     * The most referrer pages listed for one subject, 1 to 1000; default 16.
     *
     * @param n the most pages of one subject
     * @return this builder
     */
    public Builder maxPages(int n) {
      this.maxPages = n;
      return this;
    }

    /**
     * The most artifacts one validation visits over all levels, 1 to 100000; default 1024.
     *
     * @param n the most artifacts of one validation
     * @return this builder
     */
    public Builder maxArtifacts(int n) {
      this.maxArtifacts = n;
      return this;
    }

    /**
     * Checks every range, in the order of the table above, and builds.
     *
     * @return the limits
     * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the first option out of range
     */
    public ExecutorLimits build() throws RatifyException {
      if (timeout == null
          || timeout.isNegative()
          || timeout.isZero()
          || timeout.compareTo(TIMEOUT_CEILING) > 0) {
        throw ExecutorOptionErrors.invalid(
            "timeout", "must be above zero and at most one day, got " + timeout);
      }
      checkRange("concurrency", concurrency, 1, CONCURRENCY_CEILING);
      checkRange("maxDepth", maxDepth, 0, MAX_DEPTH_CEILING);
      checkRange("maxReferrers", maxReferrers, 1, MAX_REFERRERS_CEILING);
      checkRange("maxPages", maxPages, 1, MAX_PAGES_CEILING);
      checkRange("maxArtifacts", maxArtifacts, 1, MAX_ARTIFACTS_CEILING);
      return new ExecutorLimits(this);
    }

    private static void checkRange(String option, int v, int min, int max) throws RatifyException {
      if (v < min || v > max) {
        throw ExecutorOptionErrors.invalid(
            option, "must be between " + min + " and " + max + ", got " + v);
      }
    }
  }
}
