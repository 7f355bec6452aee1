package io.ratify.core.internal.executor;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.PolicyDecision;
import io.ratify.api.PolicyEnforcer;
import io.ratify.api.PolicyEvaluator;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ReferrerPage;
import io.ratify.api.Store;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.api.VerifierReport;
import io.ratify.api.VerifyRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One validation: the walk of a subject's referrer graph. Workers only ever run single store or
 * verifier calls and never wait for each other, so the fixed pool cannot deadlock; the walk itself
 * is a chain of completion stages. Every call is a {@link Leaf} that settles exactly once: with its
 * outcome, or with a failure when the deadline timer fires first. A late outcome after the deadline
 * is dropped, so a verifier that ignores its deadline can delay nothing and change nothing.
 */
public final class Validation {
  private static final Logger LOG = LoggerFactory.getLogger(Validation.class);
  private static final Duration GRACE = Duration.ofMillis(250);
  static final String NESTED_FAILED = "nested verification failed";
  private static final String CLOSED = "the executor was closed before the call finished";

  /**
   * The extension key under which a report whose code Ratify rewrote (a verifier's failure becomes
   * {@code VERIFY_PLUGIN_FAILURE}, a store's {@code REFERRER_STORE_FAILURE}) carries the code the
   * plugin raised, so that operators can tell tampering from throttling from outages.
   */
  public static final String CAUSE_CODE = "causeCode";

  /** The bounds of one validation. */
  public record Limits(
      Duration timeout, int maxDepth, int maxReferrers, int maxPages, int maxArtifacts) {}

  private record Subject(Reference ref, Descriptor descriptor, String label) {
    Digest digest() {
      return descriptor.digest();
    }
  }

  private final Store store;
  private final List<Verifier> verifiers;
  private final PolicyEnforcer policy;
  private final Limits limits;
  private final WorkerPool pool;
  private final Deadline deadline;
  private final Set<Leaf<?>> pending = ConcurrentHashMap.newKeySet();
  private final Set<Future<?>> running = ConcurrentHashMap.newKeySet();
  private final Set<String> failures = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
  private final AtomicInteger artifacts = new AtomicInteger();
  private final AtomicBoolean artifactLimitReported = new AtomicBoolean();
  private volatile boolean expired;
  private volatile boolean cancelled;
  private PolicyEvaluator evaluator;
  private String labelBase;

  public Validation(
      Store store,
      List<Verifier> verifiers,
      PolicyEnforcer policy,
      Limits limits,
      WorkerPool pool,
      Deadline deadline) {
    this.store = store;
    this.verifiers = verifiers;
    this.policy = policy;
    this.limits = limits;
    this.pool = pool;
    this.deadline = deadline;
  }

  /** Walks the graph of {@code subject} (which carries its resolved digest) and decides. */
  public ValidationResult run(Reference subject, String label, Descriptor resolved) {
    labelBase = baseOf(label);
    try {
      evaluator = policy.evaluator(resolved);
      if (evaluator == null) {
        throw new IllegalStateException("policy '" + policy.type() + "' returned no evaluator");
      }
    } catch (RuntimeException e) {
      String reason = "policy '" + policy.type() + "' failed: " + describe(e);
      return new ValidationResult(
          false,
          label,
          Optional.of(resolved),
          List.of(
              VerifierReport.subjectFailure(
                  label,
                  ErrorCode.EXECUTOR_FAILURE,
                  failedToVerify(label),
                  reason,
                  Optional.empty())),
          List.of(reason));
    }
    LOG.debug(
        "validating {} ({}) with {} verifier(s), policy {}",
        label,
        resolved.digest(),
        verifiers.size(),
        policy.type());
    Runnable onClose = this::cancel;
    ScheduledFuture<?> timer = null;
    List<VerifierReport> reports;
    try {
      if (!pool.addShutdownAction(onClose)) {
        cancel();
      }
      try {
        timer = pool.schedule(this::expire, deadline.remaining());
      } catch (RejectedExecutionException e) {
        cancel(); // closed meanwhile: the walk below fails at once instead of waiting for a timer
        // that never fires
      }
      CompletableFuture<List<VerifierReport>> root =
          walk(new Subject(subject, resolved, label), 0, () -> false);
      try {
        reports = root.get(deadline.remaining().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        expire();
        try {
          reports = root.getNow(null);
        } catch (RuntimeException late) {
          reports = null;
        }
        if (reports == null) {
          reports =
              List.of(
                  subjectFailure(
                      label,
                      ErrorCode.TIMEOUT,
                      record(
                          "validation of "
                              + label
                              + " did not finish within "
                              + limits.timeout().toMillis()
                              + " ms"),
                      Optional.empty()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        expire();
        reports =
            List.of(
                subjectFailure(
                    label,
                    ErrorCode.CANCELLED,
                    record("validation of " + label + " was interrupted"),
                    Optional.empty()));
      } catch (ExecutionException e) {
        LOG.warn("validation of {} failed", label, e.getCause());
        reports =
            List.of(
                subjectFailure(
                    label,
                    ErrorCode.EXECUTOR_FAILURE,
                    record("validation of " + label + " failed: " + describe(e.getCause())),
                    Optional.empty()));
      }
    } finally {
      pool.removeShutdownAction(onClose);
      if (timer != null) {
        timer.cancel(false);
      }
      for (Future<?> f : running) {
        f.cancel(true);
      }
    }
    return decide(label, resolved, reports);
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
              VerifierReport.subjectFailure(
                  label,
                  ErrorCode.NO_VERIFIER_REPORT,
                  failedToVerify(label),
                  reason,
                  Optional.empty()));
      reasons.add(reason);
    }
    PolicyDecision decision;
    try {
      decision = evaluator.evaluate();
      if (decision == null) {
        decision =
            PolicyDecision.deny(List.of("policy '" + policy.type() + "' returned no decision"));
      }
    } catch (RuntimeException e) {
      decision =
          PolicyDecision.deny(List.of("policy '" + policy.type() + "' failed: " + describe(e)));
    }
    List<String> infra;
    synchronized (failures) {
      infra = List.copyOf(failures);
    }
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
    return listAll(s, prunedBeforeListing)
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
                        commit(s.digest());
                        List<VerifierReport> out = new ArrayList<>();
                        for (CompletableFuture<List<VerifierReport>> p : parts) {
                          out.addAll(p.join());
                        }
                        return out;
                      });
            });
  }

  private CompletableFuture<List<VerifierReport>> referrer(Subject s, Descriptor r, int level) {
    if (artifacts.incrementAndGet() > limits.maxArtifacts()) {
      if (artifactLimitReported.compareAndSet(false, true)) {
        String reason =
            record(
                "validation of "
                    + labelBase
                    + " visits more than "
                    + limits.maxArtifacts()
                    + " artifacts");
        return CompletableFuture.completedFuture(
            List.of(
                subjectFailure(
                    s.label(),
                    ErrorCode.SIZE_LIMIT_EXCEEDED,
                    reason,
                    Optional.of("raise the artifact bound or lower the depth"))));
      }
      return CompletableFuture.completedFuture(List.of());
    }
    if (pruned(
        () -> evaluator.subjectPruned(s.digest()) || evaluator.artifactPruned(s.digest(), r))) {
      LOG.debug("artifact {} of {} pruned", r.digest(), s.digest());
      return CompletableFuture.completedFuture(List.of());
    }
    List<CompletableFuture<Optional<VerifierReport>>> verifications = new ArrayList<>();
    for (Verifier v : verifiers) {
      boolean handles;
      try {
        handles = v.verifiable(r);
      } catch (RuntimeException e) {
        VerificationResult failed =
            VerificationResult.failure(
                ErrorCode.VERIFY_PLUGIN_FAILURE,
                "verifier " + v.name() + " failed",
                describe(e),
                Optional.empty(),
                Map.of());
        addResult(s.digest(), r, v.name(), failed);
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
                  evaluator.subjectPruned(s.digest())
                      || evaluator.artifactPruned(s.digest(), r)
                      || evaluator.subjectPruned(r.digest()));
    } else {
      // nothing below this artifact will be looked at: tell the policy its subtree is complete
      commit(r.digest());
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
                // the failures below it
                // are what decided: keep them visible
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

  private CompletableFuture<Optional<VerifierReport>> verify(Subject s, Descriptor r, Verifier v) {
    Leaf<Optional<VerifierReport>> leaf =
        newLeaf(
            (code, reason) -> {
              String why = record(reason);
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
            });
    run(
        leaf,
        () -> {
          if (pruned(
              () ->
                  evaluator.subjectPruned(s.digest())
                      || evaluator.artifactPruned(s.digest(), r)
                      || evaluator.verifierPruned(s.digest(), r, v.name()))) {
            LOG.debug("verifier {} on {} pruned", v.name(), r.digest());
            leaf.settle(Optional::empty, null);
            return;
          }
          VerificationResult result =
              call(v, new VerifyRequest(s.ref(), s.descriptor(), r, store, deadline));
          leaf.settle(
              () -> Optional.of(report(s, r, v, result)),
              () -> addResult(s.digest(), r, v.name(), result));
        });
    return leaf.future();
  }

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
            record(v.name() + " on " + request.artifact().digest() + ": " + e.errorReason()),
            e.remediation(),
            Map.of());
      }
      return VerificationResult.failure(
          ErrorCode.VERIFY_PLUGIN_FAILURE,
          "verifier " + v.name() + " failed",
          e.errorReason(),
          e.remediation(),
          Map.of(CAUSE_CODE, e.code().name()));
    } catch (RuntimeException e) {
      return VerificationResult.failure(
          ErrorCode.VERIFY_PLUGIN_FAILURE,
          "verifier " + v.name() + " failed",
          describe(e),
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

  // ---- listing

  private record Listing(
      boolean pruned, List<Descriptor> referrers, Optional<VerifierReport> failure) {
    static final Listing PRUNED = new Listing(true, List.of(), Optional.empty());
  }

  private record Page(
      boolean pruned,
      Optional<ReferrerPage> page,
      Optional<ErrorCode> code,
      Optional<ErrorCode> cause,
      String reason,
      Optional<String> remediation) {
    static Page failed(ErrorCode code, String reason, Optional<String> remediation) {
      return failed(code, Optional.empty(), reason, remediation);
    }

    static Page failed(
        ErrorCode code, Optional<ErrorCode> cause, String reason, Optional<String> remediation) {
      return new Page(false, Optional.empty(), Optional.of(code), cause, reason, remediation);
    }
  }

  private CompletableFuture<Listing> listAll(Subject s, BooleanSupplier prunedBeforeListing) {
    return page(s, Optional.empty(), new LinkedHashMap<>(), 1, prunedBeforeListing);
  }

  private CompletableFuture<Listing> page(
      Subject s,
      Optional<String> token,
      Map<Digest, Descriptor> seen,
      int number,
      BooleanSupplier prunedBeforeListing) {
    Leaf<Page> leaf = newLeaf((code, reason) -> Page.failed(code, reason, Optional.empty()));
    run(
        leaf,
        () -> {
          if (number == 1 && pruned(prunedBeforeListing)) {
            leaf.settle(
                () ->
                    new Page(
                        true,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "",
                        Optional.empty()),
                null);
            return;
          }
          Page p;
          try {
            ReferrerPage got = store.listReferrers(s.ref(), Set.of(), token, deadline);
            p =
                got == null
                    ? Page.failed(
                        ErrorCode.REFERRER_STORE_FAILURE,
                        "store '" + store.name() + "' returned no referrer page",
                        Optional.empty())
                    : new Page(
                        false,
                        Optional.of(got),
                        Optional.empty(),
                        Optional.empty(),
                        "",
                        Optional.empty());
          } catch (RatifyException e) {
            ErrorCode code =
                e.code() == ErrorCode.TIMEOUT || e.code() == ErrorCode.CANCELLED
                    ? e.code()
                    : ErrorCode.REFERRER_STORE_FAILURE;
            p =
                Page.failed(
                    code,
                    code == e.code() ? Optional.empty() : Optional.of(e.code()),
                    e.errorReason(),
                    e.remediation());
          } catch (RuntimeException e) {
            p =
                Page.failed(
                    ErrorCode.REFERRER_STORE_FAILURE,
                    "store '" + store.name() + "' failed: " + describe(e),
                    Optional.empty());
          }
          Page result = p;
          leaf.settle(() -> result, null);
        });
    return leaf.future()
        .thenCompose(
            p -> {
              if (p.pruned()) {
                return CompletableFuture.completedFuture(Listing.PRUNED);
              }
              if (p.code().isPresent()) {
                String reason =
                    p.code().get() == ErrorCode.TIMEOUT
                        ? "deadline exceeded while listing the referrers of " + s.label()
                        : "listing the referrers of " + s.label() + " failed: " + p.reason();
                record(reason);
                return listingFailure(
                    s,
                    p.code().get(),
                    p.cause(),
                    p.code().get() == ErrorCode.TIMEOUT ? reason : p.reason(),
                    p.remediation());
              }
              ReferrerPage got = p.page().orElseThrow();
              for (Descriptor d : got.referrers()) {
                seen.putIfAbsent(d.digest(), d);
              }
              if (seen.size() > limits.maxReferrers()) {
                String reason =
                    record(s.label() + " has more than " + limits.maxReferrers() + " referrers");
                return listingFailure(
                    s,
                    ErrorCode.SIZE_LIMIT_EXCEEDED,
                    Optional.empty(),
                    reason,
                    Optional.of("raise the referrer bound"));
              }
              if (got.nextPageToken().isPresent()) {
                if (number >= limits.maxPages()) {
                  String reason =
                      record(
                          "the referrers of "
                              + s.label()
                              + " span more than "
                              + limits.maxPages()
                              + " pages");
                  return listingFailure(
                      s,
                      ErrorCode.SIZE_LIMIT_EXCEEDED,
                      Optional.empty(),
                      reason,
                      Optional.of("raise the page bound"));
                }
                return page(s, got.nextPageToken(), seen, number + 1, prunedBeforeListing);
              }
              List<Descriptor> sorted =
                  seen.values().stream()
                      .sorted(Comparator.comparing(d -> d.digest().toString()))
                      .toList();
              LOG.debug("{} has {} referrer(s)", s.label(), sorted.size());
              return CompletableFuture.completedFuture(
                  new Listing(false, sorted, Optional.empty()));
            });
  }

  private static CompletableFuture<Listing> listingFailure(
      Subject s,
      ErrorCode code,
      Optional<ErrorCode> cause,
      String reason,
      Optional<String> remediation) {
    VerifierReport failure =
        new VerifierReport(
            s.label(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            VerificationResult.failure(
                code,
                failedToVerify(s.label()),
                reason,
                remediation,
                cause.<Map<String, Object>>map(c -> Map.of(CAUSE_CODE, c.name())).orElse(Map.of())),
            List.of());
    return CompletableFuture.completedFuture(new Listing(false, List.of(), Optional.of(failure)));
  }

  // ---- leaves, deadline, bookkeeping

  private <T> Leaf<T> newLeaf(BiFunction<ErrorCode, String, T> onFailure) {
    Leaf<T> leaf = new Leaf<>(onFailure);
    pending.add(leaf);
    CompletableFuture<T> unused = leaf.future().whenComplete((v, e) -> pending.remove(leaf));
    if (expired) {
      leaf.fail(ErrorCode.TIMEOUT, "deadline of " + limits.timeout().toMillis() + " ms exceeded");
    } else if (cancelled) {
      leaf.fail(ErrorCode.CANCELLED, CLOSED);
    }
    return leaf;
  }

  // FutureTask keeps Object's identity equality, which is what the set of running calls needs
  @SuppressWarnings("CollectionUndefinedEquality")
  private void run(Leaf<?> leaf, Runnable body) {
    if (leaf.settled()) {
      return;
    }
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              try {
                if (!leaf.settled()) {
                  if (deadline.isExpired()) {
                    leaf.fail(
                        ErrorCode.TIMEOUT,
                        "deadline of " + limits.timeout().toMillis() + " ms exceeded");
                  } else {
                    body.run();
                  }
                }
              } catch (Throwable t) {
                // a call that throws past its own guards (an Error, or a bug in the walk): the
                // leaf fails closed below, and the cause must not vanish with the task
                LOG.warn("a plugin call while validating {} ended abnormally", labelBase, t);
                leaf.fail(
                    ErrorCode.EXECUTOR_FAILURE, "a plugin call ended abnormally: " + describe(t));
                if (t instanceof Error err) {
                  throw err;
                }
              } finally {
                leaf.fail(ErrorCode.EXECUTOR_FAILURE, "a plugin call ended abnormally");
              }
            },
            null) {
          @Override
          protected void done() {
            running.remove(this);
          }
        };
    running.add(task);
    try {
      pool.execute(task);
    } catch (RejectedExecutionException e) {
      running.remove(task);
      leaf.fail(ErrorCode.EXECUTOR_FAILURE, "the executor is closed");
    }
  }

  /** The deadline passed: every call still pending becomes a timeout, which completes the walk. */
  private void expire() {
    expired = true;
    for (Leaf<?> leaf : List.copyOf(pending)) {
      leaf.fail(ErrorCode.TIMEOUT, "deadline of " + limits.timeout().toMillis() + " ms exceeded");
    }
  }

  /**
   * The executor was closed: every call still pending becomes a cancellation, which completes the
   * walk.
   */
  private void cancel() {
    cancelled = true;
    for (Leaf<?> leaf : List.copyOf(pending)) {
      leaf.fail(ErrorCode.CANCELLED, CLOSED);
    }
  }

  private boolean pruned(BooleanSupplier question) {
    try {
      return question.getAsBoolean();
    } catch (RuntimeException e) {
      record("policy '" + policy.type() + "' failed while pruning: " + describe(e));
      return false;
    }
  }

  private void addResult(
      Digest subject, Descriptor artifact, String verifier, VerificationResult result) {
    try {
      evaluator.addResult(subject, artifact, verifier, result);
    } catch (RuntimeException e) {
      record("policy '" + policy.type() + "' failed to record a result: " + describe(e));
    }
  }

  private void commit(Digest subject) {
    try {
      evaluator.commit(subject);
    } catch (RuntimeException e) {
      record("policy '" + policy.type() + "' failed to commit: " + describe(e));
    }
  }

  /** Remembers a failure that forbids success whatever the policy says, and returns it. */
  private String record(String reason) {
    failures.add(reason);
    return reason;
  }

  private static VerifierReport subjectFailure(
      String label, ErrorCode code, String reason, Optional<String> remediation) {
    return VerifierReport.subjectFailure(label, code, failedToVerify(label), reason, remediation);
  }

  private static String failedToVerify(String label) {
    return "failed to verify artifact: " + label;
  }

  static String describe(Throwable e) {
    if (e == null) {
      return "unknown failure";
    }
    String m = e.getMessage();
    return m == null || m.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + m;
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

  /** A call's outcome holder that settles exactly once. */
  static final class Leaf<T> {
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final AtomicBoolean settled = new AtomicBoolean();
    private final BiFunction<ErrorCode, String, T> onFailure;

    Leaf(BiFunction<ErrorCode, String, T> onFailure) {
      this.onFailure = onFailure;
    }

    CompletableFuture<T> future() {
      return future;
    }

    boolean settled() {
      return settled.get();
    }

    /**
     * Settles with {@code value}, running {@code first} before anything downstream sees it; false
     * if already settled.
     */
    boolean settle(Supplier<T> value, Runnable first) {
      if (!settled.compareAndSet(false, true)) {
        return false;
      }
      try {
        if (first != null) {
          first.run();
        }
        future.complete(value.get());
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
      }
      return true;
    }

    boolean fail(ErrorCode code, String reason) {
      return settle(() -> onFailure.apply(code, reason), null);
    }
  }
}
