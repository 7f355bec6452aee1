package io.ratify.core.internal.executor;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.PolicyDecision;
import io.ratify.api.PolicyEnforcer;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.Store;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.api.VerifierReport;
import io.ratify.api.VerifyRequest;
import io.ratify.core.config.ExecutorLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One validation: the walk of a subject's referrer graph. It composes three parts: a {@link
 * ReferrerPager} lists each subject's referrers, {@link Calls} run every store and verifier call as
 * a {@link Leaf} that settles exactly once (with its outcome, or with a failure when the deadline
 * passes first), and a {@link GuardedPolicy} prunes and decides. Workers only ever run single calls
 * and never wait for each other, so the fixed pool cannot deadlock; the walk itself is a chain of
 * completion stages. A late outcome after the deadline is dropped, so a verifier that ignores its
 * deadline can delay nothing and change nothing.
 *
 * <p>Single use by construction: {@link #run} creates a validation, walks it once and returns its
 * result; no instance is ever handed out, so none can be run twice.
 */
public final class Validation {
  private static final Logger LOG = LoggerFactory.getLogger(Validation.class);
  private static final Duration GRACE = Duration.ofMillis(250);
  static final String NESTED_FAILED = "nested verification failed";

  /**
   * What every validation of one executor shares.
   *
   * @param store the store, owned by the executor
   * @param verifiers the verifiers, ordered by name
   * @param policy the policy
   * @param limits the bounds of each validation
   * @param pool the threads every call runs on
   */
  public record Setup(
      Store store,
      List<Verifier> verifiers,
      PolicyEnforcer policy,
      ExecutorLimits limits,
      WorkerPool pool) {}

  private record Subject(Reference ref, Descriptor descriptor, String label) {
    Digest digest() {
      return descriptor.digest();
    }
  }

  /**
   * Resolves the subject on a worker: the store's answer, checked; a failure is the exception
   * {@code validate} throws.
   */
  @FunctionalInterface
  public interface Resolver {
    /**
     * The subject's descriptor.
     *
     * @param deadline the deadline of the whole validation
     * @return the subject's descriptor
     * @throws RatifyException when the subject cannot be resolved
     */
    Descriptor resolve(Deadline deadline) throws RatifyException;
  }

  /** The resolution of the subject: its descriptor, or why there is none. */
  private record Resolution(Optional<Descriptor> descriptor, Optional<RatifyException> failure) {
    static Resolution of(Descriptor d) {
      return new Resolution(Optional.of(d), Optional.empty());
    }

    static Resolution failed(RatifyException e) {
      return new Resolution(Optional.empty(), Optional.of(e));
    }
  }

  /** A finished walk: its reports, or a result made before any walk (the policy failed). */
  private record Walked(List<VerifierReport> reports, Optional<ValidationResult> result) {}

  private final Setup setup;
  private final Deadline deadline;
  private final String labelBase;
  private final GuardedPolicy policy;
  private final Failures failures;
  private final Calls calls;
  private final ReferrerPager pager;
  private final AtomicInteger artifacts = new AtomicInteger();
  private final AtomicBoolean artifactLimitReported = new AtomicBoolean();

  private Validation(
      Setup setup, Deadline deadline, GuardedPolicy policy, Failures failures, Calls calls) {
    this.setup = setup;
    this.deadline = deadline;
    this.labelBase = calls.label();
    this.policy = policy;
    this.failures = failures;
    this.calls = calls;
    ExecutorLimits limits = setup.limits();
    this.pager =
        new ReferrerPager(setup.store(), limits.maxReferrers(), limits.maxPages(), calls, failures);
  }

  /**
   * Resolves {@code subject} with {@code resolver}, walks its graph and decides, by {@code
   * deadline}; reports name the subject {@code label}. The resolution and the walk run on the
   * pool's workers as one chain of calls (on one worker when nothing runs in parallel); the caller
   * only waits, so the deadline holds whatever a plugin does. Once resolved, never throws: every
   * failure is a failed result saying why.
   *
   * @param setup the executor's parts
   * @param deadline the deadline of the whole validation
   * @param subject the subject as given
   * @param label the subject's name in reports
   * @param resolver resolves the subject on a worker
   * @return the result, with the report tree
   * @throws RatifyException when the subject cannot be resolved: the resolver's exception, {@link
   *     ErrorCode#TIMEOUT} when the deadline passes first, {@link ErrorCode#CANCELLED} when the
   *     executor closes or the caller is interrupted first
   */
  public static ValidationResult run(
      Setup setup, Deadline deadline, Reference subject, String label, Resolver resolver)
      throws RatifyException {
    long began = System.nanoTime();
    Failures failures = new Failures();
    Duration timeout = setup.limits().timeout();
    Calls calls = new Calls(setup.pool(), deadline, timeout, baseOf(label));
    WorkerPool pool = setup.pool();
    Runnable onClose = calls::cancel;
    AtomicReference<Validation> started = new AtomicReference<>();
    try {
      if (!pool.addShutdownAction(onClose)) {
        calls.cancel();
      }
      // the walk is chained before the resolution call is dispatched, so that it starts on the
      // worker that resolved (and the policy opens there), never on this thread
      CompletableFuture<Resolution> resolution = new CompletableFuture<>();
      CompletableFuture<Walked> walked =
          resolution.thenCompose(
              r -> {
                if (r.descriptor().isEmpty()) {
                  return CompletableFuture.completedFuture(new Walked(List.of(), Optional.empty()));
                }
                Descriptor resolved = r.descriptor().get();
                GuardedPolicy policy;
                try {
                  policy = GuardedPolicy.open(setup.policy(), resolved, failures);
                } catch (RatifyException e) {
                  return CompletableFuture.completedFuture(
                      new Walked(
                          List.of(), Optional.of(policyFailed(label, resolved, e.detail()))));
                }
                Validation v = new Validation(setup, deadline, policy, failures, calls);
                started.set(v);
                return v.walk(subject.withDigest(resolved.digest()), label, resolved)
                    .thenApply(reports -> new Walked(reports, Optional.empty()));
              });
      // the call's own future settles with the same outcome; the chain above follows `resolution`
      CompletableFuture<Resolution> unused =
          calls.start(
              (code, reason) -> {
                Resolution failed = Resolution.failed(unresolved(code, reason, label, timeout));
                resolution.complete(failed);
                return failed;
              },
              leaf -> {
                Resolution r;
                try {
                  r = Resolution.of(resolver.resolve(deadline));
                } catch (RatifyException e) {
                  r = Resolution.failed(e);
                }
                Resolution outcome = r;
                leaf.settle(() -> outcome, () -> resolution.complete(outcome));
              });
      pool.awaitBriefly(walked::isDone);
      Walked w = await(walked, resolution, deadline, calls, label, failures, timeout);
      pool.roundTrip(System.nanoTime() - began);
      Resolution r = resolution.join();
      if (r.failure().isPresent()) {
        throw r.failure().get();
      }
      Descriptor resolved = r.descriptor().orElseThrow();
      if (w.result().isPresent()) {
        return w.result().get();
      }
      Validation v = started.get();
      if (v == null) {
        // the deadline passed (or the chain failed) before the walk began, for example while a
        // policy plugin was still opening its evaluator: no policy can decide
        return new ValidationResult(
            false, label, Optional.of(resolved), w.reports(), failures.snapshot());
      }
      // a walk that did not finish in time still has a validation, whose policy decides
      return v.decide(label, resolved, w.reports());
    } finally {
      pool.removeShutdownAction(onClose);
      calls.interruptRunning();
    }
  }

  /**
   * Waits for the walk until the deadline; then expires what is pending and gives the walk a short
   * grace to fold those failures into its reports. A walk still unfinished, or a caller
   * interrupted, yields one subject failure in place of the reports; a caller interrupted before
   * the subject was resolved gets {@link ErrorCode#CANCELLED}. After the deadline the resolution
   * has always settled (expiring settles it), so {@code resolution.join()} does not block.
   */
  private static Walked await(
      CompletableFuture<Walked> walked,
      CompletableFuture<Resolution> resolution,
      Deadline deadline,
      Calls calls,
      String label,
      Failures failures,
      Duration timeout)
      throws RatifyException {
    try {
      try {
        return walked.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        calls.expire();
        try {
          return walked.get(GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
          return unfinished(
              label,
              ErrorCode.TIMEOUT,
              failures.record(
                  "validation of "
                      + label
                      + " did not finish within "
                      + timeout.toMillis()
                      + " ms"));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      boolean resolving = !resolution.isDone();
      calls.expire();
      if (resolving) {
        throw new RatifyException(ErrorCode.CANCELLED, "resolving " + label + " was interrupted");
      }
      return unfinished(
          label,
          ErrorCode.CANCELLED,
          failures.record("validation of " + label + " was interrupted"));
    } catch (ExecutionException e) {
      LOG.warn("validation of {} failed", label, e.getCause());
      return unfinished(
          label,
          ErrorCode.EXECUTOR_FAILURE,
          failures.record("validation of " + label + " failed: " + Reports.describe(e.getCause())));
    }
  }

  private static Walked unfinished(String label, ErrorCode code, String reason) {
    return new Walked(
        List.of(Reports.subjectFailure(label, code, reason, Optional.empty())), Optional.empty());
  }

  /** What {@code validate} throws when the resolution call itself failed ({@link Leaf#fail}). */
  private static RatifyException unresolved(
      ErrorCode code, String reason, String label, Duration timeout) {
    return switch (code) {
      case TIMEOUT ->
          new RatifyException(
              ErrorCode.TIMEOUT,
              "resolving " + label + " did not finish within " + timeout.toMillis() + " ms",
              "raise the verification timeout or check the registry's latency",
              null);
      case CANCELLED ->
          new RatifyException(
              ErrorCode.CANCELLED,
              "resolving " + label + " was cancelled: the executor was closed",
              "create a new executor",
              null);
      default -> new RatifyException(code, "cannot resolve subject " + label + ": " + reason);
    };
  }

  private static ValidationResult policyFailed(String label, Descriptor resolved, String reason) {
    return new ValidationResult(
        false,
        label,
        Optional.of(resolved),
        List.of(
            Reports.subjectFailure(label, ErrorCode.EXECUTOR_FAILURE, reason, Optional.empty())),
        List.of(reason));
  }

  private CompletableFuture<List<VerifierReport>> walk(
      Reference subject, String label, Descriptor resolved) {
    LOG.debug(
        "validating {} ({}) with {} verifier(s), policy {}",
        label,
        resolved.digest(),
        setup.verifiers().size(),
        policy.type());
    return walk(new Subject(subject, resolved, label), 0, () -> false);
  }

  private ValidationResult decide(String label, Descriptor resolved, List<VerifierReport> reports) {
    List<String> reasons = new ArrayList<>();
    List<VerifierReport> all = reports;
    boolean noReport = reports.isEmpty();
    if (noReport) {
      String reason =
          "No verification results for the artifact "
              + label
              + ". Ensure verifiers are properly configured and that artifact metadata is attached";
      all =
          List.of(
              Reports.subjectFailure(
                  label, ErrorCode.NO_VERIFIER_REPORT, reason, Optional.empty()));
      reasons.add(reason);
    }
    PolicyDecision decision = policy.decide();
    List<String> infra = failures.snapshot();
    reasons.addAll(infra);
    if (!decision.allowed()) {
      reasons.addAll(
          decision.reasons().isEmpty()
              ? List.of("policy '" + policy.type() + "' denied the subject")
              : decision.reasons());
    }
    boolean success = decision.allowed() && infra.isEmpty() && !noReport;
    LOG.debug(
        "validation of {} finished: success={}, {} report(s), reasons={}",
        label,
        success,
        all.size(),
        reasons);
    return new ValidationResult(
        success,
        label,
        Optional.of(resolved),
        all,
        success ? List.of() : List.copyOf(new LinkedHashSet<>(reasons)));
  }

  // ---- the walk

  private CompletableFuture<List<VerifierReport>> walk(
      Subject s, int level, BooleanSupplier prunedBeforeListing) {
    return pager
        .list(s.ref(), s.label(), prunedBeforeListing)
        .thenCompose(
            outcome -> {
              if (outcome.pruned()) {
                LOG.debug("subject {} pruned", s.digest());
                return CompletableFuture.completedFuture(List.<VerifierReport>of());
              }
              if (outcome.failure().isPresent()) {
                return CompletableFuture.completedFuture(List.of(outcome.failure().get()));
              }
              List<CompletableFuture<List<VerifierReport>>> parts = new ArrayList<>();
              for (Descriptor r : outcome.referrers()) {
                parts.add(referrer(s, r, level));
              }
              return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                  .thenApply(
                      v -> {
                        policy.commit(s.digest());
                        List<VerifierReport> out = new ArrayList<>();
                        for (CompletableFuture<List<VerifierReport>> p : parts) {
                          out.addAll(p.join());
                        }
                        return out;
                      });
            });
  }

  private CompletableFuture<List<VerifierReport>> referrer(Subject s, Descriptor r, int level) {
    ExecutorLimits limits = setup.limits();
    if (artifacts.incrementAndGet() > limits.maxArtifacts()) {
      if (artifactLimitReported.compareAndSet(false, true)) {
        String reason =
            failures.record(
                "validation of "
                    + labelBase
                    + " visits more than "
                    + limits.maxArtifacts()
                    + " artifacts");
        return CompletableFuture.completedFuture(
            List.of(
                Reports.subjectFailure(
                    s.label(),
                    ErrorCode.SIZE_LIMIT_EXCEEDED,
                    reason,
                    Optional.of("raise the artifact bound or lower the depth"))));
      }
      return CompletableFuture.completedFuture(List.of());
    }
    if (policy.pruned(e -> e.subjectPruned(s.digest()) || e.artifactPruned(s.digest(), r))) {
      LOG.debug("artifact {} of {} pruned", r.digest(), s.digest());
      return CompletableFuture.completedFuture(List.of());
    }
    List<CompletableFuture<Optional<VerifierReport>>> verifications = new ArrayList<>();
    for (Verifier v : setup.verifiers()) {
      boolean handles;
      try {
        handles = v.verifiable(r);
      } catch (RuntimeException e) {
        VerificationResult failed =
            VerificationResult.failure(
                ErrorCode.VERIFY_PLUGIN_FAILURE,
                "verifier " + v.name() + " failed",
                Reports.describe(e),
                Optional.empty(),
                Map.of());
        policy.addResult(s.digest(), r, v.name(), failed);
        verifications.add(CompletableFuture.completedFuture(Optional.of(report(s, r, v, failed))));
        continue;
      }
      if (handles) {
        verifications.add(verify(s, r, v));
      }
    }
    Subject child = new Subject(s.ref().pinned(r.digest()), r, labelBase + "@" + r.digest());
    CompletableFuture<List<VerifierReport>> nested;
    if (level < limits.maxDepth() && !verifications.isEmpty()) {
      nested =
          walk(
              child,
              level + 1,
              () ->
                  policy.pruned(
                      e ->
                          e.subjectPruned(s.digest())
                              || e.artifactPruned(s.digest(), r)
                              || e.subjectPruned(r.digest())));
    } else {
      // nothing below this artifact will be looked at: tell the policy its subtree is complete
      policy.commit(r.digest());
      nested = CompletableFuture.completedFuture(List.of());
    }
    List<CompletableFuture<?>> all = new ArrayList<>(verifications);
    all.add(nested);
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<VerifierReport> below = nested.join();
              List<VerifierReport> out = new ArrayList<>();
              for (CompletableFuture<Optional<VerifierReport>> f : verifications) {
                f.join().ifPresent(rep -> out.add(withNested(rep, below)));
              }
              if (out.isEmpty() && below.stream().anyMatch(n -> !n.success())) {
                // every verifier of this artifact was pruned (the decision was already known), but
                // the failures below it are what decided: keep them visible
                out.add(
                    new VerifierReport(
                        s.label(),
                        Optional.of(r.digest()),
                        r.artifactType(),
                        Optional.empty(),
                        Optional.empty(),
                        VerificationResult.failure(
                            ErrorCode.VERIFY_REFERENCE_FAILURE,
                            NESTED_FAILED,
                            "a referrer of " + r.digest() + " failed verification",
                            Optional.empty(),
                            Map.of()),
                        below));
              }
              return out;
            });
  }

  private static VerifierReport withNested(VerifierReport report, List<VerifierReport> nested) {
    if (nested.isEmpty()) {
      return report;
    }
    VerificationResult result = report.result();
    if (nested.stream().anyMatch(n -> !n.success())) {
      // Ratify's rule: a referrer whose own referrers failed is not verified, whatever its own
      // verifier said.
      result =
          new VerificationResult(
              false,
              NESTED_FAILED,
              Optional.of(result.errorCode().orElse(ErrorCode.VERIFY_REFERENCE_FAILURE)),
              Optional.of(
                  result
                      .errorReason()
                      .orElse(
                          "a referrer of "
                              + report
                                  .referenceDigest()
                                  .map(Digest::toString)
                                  .orElse("the artifact")
                              + " failed verification")),
              result.remediation(),
              result.extensions());
    }
    return new VerifierReport(
        report.subject(),
        report.referenceDigest(),
        report.artifactType(),
        report.verifierName(),
        report.verifierType(),
        result,
        nested);
  }

  /** One verifier on one artifact, as a call that settles once (its outcome or a failure). */
  private CompletableFuture<Optional<VerifierReport>> verify(Subject s, Descriptor r, Verifier v) {
    return calls.start(
        (code, reason) -> {
          String why = failures.record(reason);
          VerificationResult failed =
              VerificationResult.failure(
                  code,
                  code == ErrorCode.TIMEOUT
                      ? "verification did not finish before the deadline"
                      : "verification could not run",
                  why,
                  Optional.empty(),
                  Map.of());
          return Optional.of(report(s, r, v, failed));
        },
        leaf -> {
          if (policy.pruned(
              e ->
                  e.subjectPruned(s.digest())
                      || e.artifactPruned(s.digest(), r)
                      || e.verifierPruned(s.digest(), r, v.name()))) {
            LOG.debug("verifier {} on {} pruned", v.name(), r.digest());
            leaf.settle(Optional::empty, null);
            return;
          }
          VerificationResult result =
              call(v, new VerifyRequest(s.ref(), s.descriptor(), r, setup.store(), deadline));
          leaf.settle(
              () -> Optional.of(report(s, r, v, result)),
              () -> policy.addResult(s.digest(), r, v.name(), result));
        });
  }

  /**
   * The verifier's result, never an exception: a verifier's own {@link ErrorCode#TIMEOUT} or {@link
   * ErrorCode#CANCELLED} keeps its code, any other failure is Ratify's {@link
   * ErrorCode#VERIFY_PLUGIN_FAILURE} carrying the verifier's code as its cause.
   */
  private VerificationResult call(Verifier v, VerifyRequest request) {
    try {
      VerificationResult result = v.verify(request);
      if (result == null) {
        return VerificationResult.failure(
            ErrorCode.VERIFY_PLUGIN_FAILURE,
            "verifier " + v.name() + " failed",
            "the verifier returned no result",
            Optional.empty(),
            Map.of());
      }
      return result;
    } catch (RatifyException e) {
      if (e.code() == ErrorCode.TIMEOUT || e.code() == ErrorCode.CANCELLED) {
        return VerificationResult.failure(
            e.code(),
            "verification did not finish before the deadline",
            failures.record(
                v.name() + " on " + request.artifact().digest() + ": " + e.errorReason()),
            e.remediation(),
            Map.of());
      }
      return VerificationResult.failure(
          ErrorCode.VERIFY_PLUGIN_FAILURE,
          "verifier " + v.name() + " failed",
          e.errorReason(),
          e.remediation(),
          Reports.cause(e.code()));
    } catch (RuntimeException e) {
      return VerificationResult.failure(
          ErrorCode.VERIFY_PLUGIN_FAILURE,
          "verifier " + v.name() + " failed",
          Reports.describe(e),
          Optional.empty(),
          Map.of());
    }
  }

  private static VerifierReport report(
      Subject s, Descriptor r, Verifier v, VerificationResult result) {
    return new VerifierReport(
        s.label(),
        Optional.of(r.digest()),
        r.artifactType(),
        Optional.of(v.name()),
        Optional.ofNullable(v.type()).filter(t -> !t.isBlank()),
        result,
        List.of());
  }

  /**
   * {@code reg/repo} of {@code reg/repo:tag@digest}; {@code DIR} of an OCI layout label {@code
   * DIR:TAG}.
   */
  static String baseOf(String label) {
    String s = label;
    int at = s.indexOf('@');
    if (at >= 0) {
      s = s.substring(0, at);
    }
    int colon = s.lastIndexOf(':');
    int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    if (colon > slash && colon > 1) {
      s = s.substring(0, colon);
    }
    return s;
  }
}
