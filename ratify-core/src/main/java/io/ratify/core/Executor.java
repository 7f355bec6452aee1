package io.ratify.core;

import com.google.errorprone.annotations.CheckReturnValue;
import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.PolicyEnforcer;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.Store;
import io.ratify.api.ValidationResult;
import io.ratify.api.Verifier;
import io.ratify.core.config.ExecutorLimits;
import io.ratify.core.config.RatifyConfig;
import io.ratify.core.internal.config.ExecutorOptionErrors;
import io.ratify.core.internal.executor.Validation;
import io.ratify.core.internal.executor.WorkerPool;
import io.ratify.core.internal.policy.ConfigPolicyEnforcer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a subject may be trusted: resolves it to a digest, lists its referrers (all
 * pages, bounded), runs every verifier whose {@link Verifier#verifiable} accepts a referrer, walks
 * referrers of referrers up to {@link Builder#maxDepth(int)} levels, and lets the policy decide.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>{@link #validate} throws only when the subject cannot be resolved at all. Once resolved,
 *       every failure (listing error, throttling, timeout, verifier exception) is a failed {@link
 *       ValidationResult} with a report saying why; it is never a success and never "no
 *       signatures".
 *   <li>One {@link Deadline} per validation bounds every store and verifier call; when it expires
 *       the pending work becomes {@link ErrorCode#TIMEOUT} failures and {@code validate} returns.
 *   <li>At most {@link Builder#concurrency(int)} store and verifier calls run at the same time,
 *       across all validations of this executor.
 *   <li>Reports come in a deterministic order: subject failures first, then by referrer digest,
 *       then by verifier name.
 *   <li>An unsigned subject (no report at all) fails with {@link ErrorCode#NO_VERIFIER_REPORT}.
 * </ul>
 *
 * Thread-safe. {@link #close()} closes the store and stops the worker threads.
 */
public final class Executor implements AutoCloseable {
  /**
   * The extension key under which a report whose code Ratify rewrote (a verifier's failure becomes
   * {@link ErrorCode#VERIFY_PLUGIN_FAILURE}, a store's {@link ErrorCode#REFERRER_STORE_FAILURE})
   * carries the name of the {@link ErrorCode} the plugin raised, so that operators can tell
   * tampering ({@code DIGEST_MISMATCH}) from throttling ({@code THROTTLED}) from outages.
   */
  public static final String CAUSE_CODE = "causeCode";

  private final Store store;
  private final List<Verifier> verifiers;
  private final PolicyEnforcer policy;
  private final ExecutorLimits limits;
  private final WorkerPool pool;
  private final Validation.Setup setup;

  private Executor(Builder b, ExecutorLimits limits) {
    this.store = b.store;
    this.verifiers = b.verifiers.stream().sorted(Comparator.comparing(Verifier::name)).toList();
    this.policy = b.policy;
    this.limits = limits;
    this.pool = new WorkerPool(limits.concurrency());
    this.setup = new Validation.Setup(store, verifiers, policy, limits, pool);
  }

  /**
   * A builder; {@link Builder#build()} validates every option.
   *
   * @return a builder; {@link Builder#build()} validates every option
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates an executor from configuration with the plugins found on the thread context class
   * loader. Equivalent to {@code ExecutorFactory.usingDefaultRegistry().create(config)}.
   *
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID}, {@link ErrorCode#PLUGIN_NOT_FOUND} or
   *     a plugin's own code; no executor (and no open store) is left behind
   * @param config the config
   * @return the executor
   */
  public static Executor fromConfig(RatifyConfig config) throws RatifyException {
    return ExecutorFactory.usingDefaultRegistry().create(config);
  }

  /**
   * The store this executor reads from.
   *
   * @return the store this executor reads from
   */
  public Store store() {
    return store;
  }

  /**
   * The verifiers, ordered by name.
   *
   * @return the verifiers, ordered by name
   */
  public List<Verifier> verifiers() {
    return verifiers;
  }

  /**
   * The policy.
   *
   * @return the policy
   */
  public PolicyEnforcer policy() {
    return policy;
  }

  /**
   * The overall time budget of one validation.
   *
   * @return the overall time budget of one validation
   */
  public Duration timeout() {
    return limits.timeout();
  }

  /**
   * All bounds of this executor.
   *
   * @return all bounds of this executor
   */
  public ExecutorLimits limits() {
    return limits;
  }

  /**
   * Validates a subject given as a reference string; the report subject is the normalised
   * reference.
   *
   * @throws RatifyException {@link ErrorCode#REFERENCE_INVALID} for an unparsable reference, the
   *     store's code (or {@link ErrorCode#GET_SUBJECT_DESCRIPTOR_FAILURE}) when it cannot be
   *     resolved, {@link ErrorCode#TIMEOUT} when the deadline passes before resolution
   * @param subject the subject
   * @return the result, with the report tree
   */
  @CheckReturnValue
  public ValidationResult validate(String subject) throws RatifyException {
    Reference ref = Reference.parse(subject);
    return validate(ref, ref.toString());
  }

  /**
   * Validates a subject, naming it {@code subjectLabel} in reports (for example a CLI's {@code
   * DIR:TAG} for an OCI image layout).
   *
   * @throws RatifyException as {@link #validate(String)}, except for parsing
   * @param subject the subject
   * @param subjectLabel the subject label
   * @return the result, with the report tree
   */
  @CheckReturnValue
  public ValidationResult validate(Reference subject, String subjectLabel) throws RatifyException {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(subjectLabel, "subjectLabel");
    if (pool.isShutdown()) {
      throw new RatifyException(
          ErrorCode.EXECUTOR_FAILURE, "the executor is closed", "create a new executor", null);
    }
    Deadline deadline = Deadline.after(limits.timeout());
    deadline.check("resolving " + subjectLabel);
    return Validation.run(
        setup, deadline, subject, subjectLabel, d -> resolve(subject, subjectLabel, d));
  }

  /** The store's descriptor of {@code subject}, checked; runs on a worker. */
  private Descriptor resolve(Reference subject, String label, Deadline deadline)
      throws RatifyException {
    Descriptor d;
    try {
      d = store.resolve(subject, deadline);
    } catch (RatifyException r) {
      throw new RatifyException(
          r.code(),
          "cannot resolve subject " + label + ": " + r.detail(),
          r.remediation().orElse(null),
          r);
    } catch (RuntimeException e) {
      throw new RatifyException(
          ErrorCode.GET_SUBJECT_DESCRIPTOR_FAILURE,
          "cannot resolve subject " + label + ": store '" + store.name() + "' failed",
          "check the store plugin",
          e);
    }
    if (d == null) {
      throw new RatifyException(
          ErrorCode.GET_SUBJECT_DESCRIPTOR_FAILURE,
          "cannot resolve subject " + label + ": store '" + store.name() + "' returned nothing");
    }
    if (subject.digest().isPresent() && !subject.digest().get().equals(d.digest())) {
      throw new RatifyException(
          ErrorCode.DIGEST_MISMATCH,
          "cannot resolve subject "
              + label
              + ": store '"
              + store.name()
              + "' resolved it to "
              + d.digest());
    }
    return d;
  }

  /**
   * Stops the worker threads (interrupting running calls) and closes the store. Validations still
   * running return at once with a {@link ErrorCode#CANCELLED} failure, and those still resolving
   * their subject throw it. The store is closed only once the interrupted calls have returned, or
   * after a grace of one second if some ignore the interrupt, so that {@code close} never waits
   * longer than that. Idempotent.
   */
  @Override
  public void close() {
    if (pool.shutdown()) {
      try {
        store.close();
      } catch (RuntimeException e) {
        // Store.close() must not throw; a broken one must not stop the shutdown either.
      }
    }
  }

  /**
   * Builds an {@link Executor}. Every option is checked in {@link #build()}, which throws {@link
   * ErrorCode#CONFIG_INVALID} naming the option; a builder is not thread-safe.
   */
  public static final class Builder {
    private Store store;
    private final List<Verifier> verifiers = new ArrayList<>();
    private PolicyEnforcer policy;
    private ExecutorLimits.Builder limits = ExecutorLimits.builder();
    private int storeCount;

    private Builder() {}

    /**
     * The store (exactly one). The executor owns it and closes it.
     *
     * @param s the store (exactly one)
     * @return this builder
     */
    public Builder store(Store s) {
      storeCount++;
      this.store = s;
      return this;
    }

    /**
     * Adds a verifier; names must be unique.
     *
     * @param v the verifier
     * @return this builder
     */
    public Builder verifier(Verifier v) {
      verifiers.add(v);
      return this;
    }

    /**
     * Adds verifiers; names must be unique.
     *
     * @param vs the verifiers
     * @return this builder
     */
    public Builder verifiers(List<? extends Verifier> vs) {
      verifiers.addAll(vs);
      return this;
    }

    /**
     * The policy; default: the config policy with {@code default: all}.
     *
     * @param p the policy
     * @return this builder
     */
    public Builder policy(PolicyEnforcer p) {
      this.policy = p;
      return this;
    }

    /**
     * The overall time budget of one validation, above zero and at most one day; default 10 s.
     *
     * @param t the overall time budget of one validation, above zero and at most one day
     * @return this builder
     */
    public Builder timeout(Duration t) {
      limits.timeout(t);
      return this;
    }

    /**
     * Simultaneous store and verifier calls, 1 to 64; default 3.
     *
     * @param n simultaneous store and verifier calls, 1 to 64
     * @return this builder
     */
    public Builder concurrency(int n) {
      limits.concurrency(n);
      return this;
    }

    /**
     * How many levels of referrers of referrers are walked below the subject's own referrers, 0 to
     * 8; default 3. With 0 only the subject's referrers are verified.
     *
     * @param n how many levels of referrers of referrers are walked below the subject's own
     *     referrers, 0 to 8
     * @return this builder
     */
    public Builder maxDepth(int n) {
      limits.maxDepth(n);
      return this;
    }

    /**
     * The most referrers one subject may have, 1 to 10000; default 64. More fail the validation.
     *
     * @param n the most referrers one subject may have, 1 to 10000
     * @return this builder
     */
    public Builder maxReferrers(int n) {
      limits.maxReferrers(n);
      return this;
    }

    /**
     * The most referrer pages listed for one subject, 1 to 1000; default 16. More fail the
     * validation.
     *
     * @param n the most referrer pages listed for one subject, 1 to 1000
     * @return this builder
     */
    public Builder maxPages(int n) {
      limits.maxPages(n);
      return this;
    }

    /**
     * The most artifacts one validation visits over all levels, 1 to 100000; default 1024.
     *
     * @param n the most artifacts one validation visits over all levels, 1 to 100000
     * @return this builder
     */
    public Builder maxArtifacts(int n) {
      limits.maxArtifacts(n);
      return this;
    }

    /**
     * Sets all six bounds at once (for example a configuration's {@link RatifyConfig#limits()}),
     * replacing what the single setters gave; a later single setter changes one of them again.
     *
     * @param l the limits
     * @return this builder
     */
    public Builder limits(ExecutorLimits l) {
      this.limits = Objects.requireNonNull(l, "limits").toBuilder();
      return this;
    }

    /**
     * Validates the options and creates the executor.
     *
     * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the bad option
     * @return the executor
     */
    public Executor build() throws RatifyException {
      if (storeCount != 1 || store == null) {
        throw invalid(
            "store", "exactly one store is required, got " + (store == null ? 0 : storeCount));
      }
      if (verifiers.isEmpty()) {
        throw invalid("verifiers", "at least one verifier is required");
      }
      Set<String> names = new HashSet<>();
      for (Verifier v : verifiers) {
        if (v == null) {
          throw invalid("verifiers", "a verifier is null");
        }
        String name = v.name();
        if (name == null || name.isBlank()) {
          throw invalid("verifiers", "a verifier of type '" + v.type() + "' has no name");
        }
        if (!names.add(name)) {
          throw invalid("verifiers", "two verifiers are named '" + name + "'");
        }
      }
      ExecutorLimits checked = limits.build();
      if (policy == null) {
        policy = ConfigPolicyEnforcer.defaults();
      }
      return new Executor(this, checked);
    }

    private static RatifyException invalid(String option, String problem) {
      return ExecutorOptionErrors.invalid(option, problem);
    }
  }

  @Override
  public String toString() {
    return "Executor[store="
        + store.name()
        + ", verifiers="
        + verifiers.stream().map(Verifier::name).toList()
        + ", policy="
        + policy.type()
        + ", timeout="
        + limits.timeout()
        + "]";
  }
}
