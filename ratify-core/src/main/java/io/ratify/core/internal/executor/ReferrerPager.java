package io.ratify.core.internal.executor;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ReferrerPage;
import io.ratify.api.Store;
import io.ratify.api.VerificationResult;
import io.ratify.api.VerifierReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists every referrer of a subject, one store call ({@link Calls}) per page. Pages are merged (a
 * referrer listed twice counts once) and the result is ordered by digest. Bounded: more than {@code
 * maxReferrers} referrers or more than {@code maxPages} pages is {@link
 * ErrorCode#SIZE_LIMIT_EXCEEDED}. Never throws: a failure is a report about the subject, and is
 * recorded in {@link Failures} so that the validation cannot succeed. {@link ErrorCode#TIMEOUT} and
 * {@link ErrorCode#CANCELLED} keep their code; any other store failure is Ratify's {@link
 * ErrorCode#REFERRER_STORE_FAILURE}, carrying the store's own code under {@code
 * Executor.CAUSE_CODE}.
 */
final class ReferrerPager {
  private static final Logger LOG = LoggerFactory.getLogger(ReferrerPager.class);

  /**
   * What listing a subject's referrers gave: nothing because the policy pruned the subject before
   * the first page, the referrers, or a failure report.
   */
  record Listing(boolean pruned, List<Descriptor> referrers, Optional<VerifierReport> failure) {
    static final Listing PRUNED = new Listing(true, List.of(), Optional.empty());

    static Listing of(List<Descriptor> referrers) {
      return new Listing(false, List.copyOf(referrers), Optional.empty());
    }

    static Listing failed(VerifierReport failure) {
      return new Listing(false, List.of(), Optional.of(failure));
    }
  }

  /** One page's outcome: pruned, the page, or a failure with Ratify's code and the store's. */
  private record Page(
      boolean pruned,
      Optional<ReferrerPage> page,
      Optional<ErrorCode> code,
      Optional<ErrorCode> cause,
      String reason,
      Optional<String> remediation) {
    static final Page PRUNED =
        new Page(true, Optional.empty(), Optional.empty(), Optional.empty(), "", Optional.empty());

    static Page of(ReferrerPage page) {
      return new Page(
          false, Optional.of(page), Optional.empty(), Optional.empty(), "", Optional.empty());
    }

    static Page failed(ErrorCode code, String reason) {
      return failed(code, Optional.empty(), reason, Optional.empty());
    }

    static Page failed(
        ErrorCode code, Optional<ErrorCode> cause, String reason, Optional<String> remediation) {
      return new Page(false, Optional.empty(), Optional.of(code), cause, reason, remediation);
    }
  }

  private final Store store;
  private final int maxReferrers;
  private final int maxPages;
  private final Calls calls;
  private final Failures failures;

  ReferrerPager(Store store, int maxReferrers, int maxPages, Calls calls, Failures failures) {
    this.store = store;
    this.maxReferrers = maxReferrers;
    this.maxPages = maxPages;
    this.calls = calls;
    this.failures = failures;
  }

  /**
   * Lists the referrers of {@code subject} (named {@code label} in reports). {@code
   * prunedBeforeListing} is asked on a worker just before the first page is fetched: when true,
   * nothing is listed.
   */
  CompletableFuture<Listing> list(
      Reference subject, String label, BooleanSupplier prunedBeforeListing) {
    return page(subject, label, Optional.empty(), new LinkedHashMap<>(), 1, prunedBeforeListing);
  }

  private CompletableFuture<Listing> page(
      Reference subject,
      String label,
      Optional<String> token,
      Map<Digest, Descriptor> seen,
      int number,
      BooleanSupplier prunedBeforeListing) {
    return calls
        .start(
            Page::failed,
            (Leaf<Page> leaf) -> {
              if (number == 1 && prunedBeforeListing.getAsBoolean()) {
                leaf.settle(() -> Page.PRUNED, null);
                return;
              }
              Page p = fetch(subject, token);
              leaf.settle(() -> p, null);
            })
        .thenCompose(
            p -> {
              if (p.pruned()) {
                return CompletableFuture.completedFuture(Listing.PRUNED);
              }
              if (p.code().isPresent()) {
                ErrorCode code = p.code().get();
                String reason =
                    code == ErrorCode.TIMEOUT
                        ? "deadline exceeded while listing the referrers of " + label
                        : "listing the referrers of " + label + " failed: " + p.reason();
                failures.record(reason);
                return failed(
                    label,
                    code,
                    p.cause(),
                    code == ErrorCode.TIMEOUT ? reason : p.reason(),
                    p.remediation());
              }
              ReferrerPage got = p.page().orElseThrow();
              for (Descriptor d : got.referrers()) {
                seen.putIfAbsent(d.digest(), d);
              }
              if (seen.size() > maxReferrers) {
                return tooMany(
                    label,
                    label + " has more than " + maxReferrers + " referrers",
                    "raise the referrer bound");
              }
              if (got.nextPageToken().isPresent()) {
                if (number >= maxPages) {
                  return tooMany(
                      label,
                      "the referrers of " + label + " span more than " + maxPages + " pages",
                      "raise the page bound");
                }
                return page(
                    subject, label, got.nextPageToken(), seen, number + 1, prunedBeforeListing);
              }
              List<Descriptor> sorted = new ArrayList<>(seen.values());
              if (sorted.size() > 1) {
                sorted.sort(Comparator.comparing(d -> d.digest().toString()));
              }
              LOG.debug("{} has {} referrer(s)", label, sorted.size());
              return CompletableFuture.completedFuture(Listing.of(sorted));
            });
  }

  /** One store call, its failures mapped to Ratify's codes. */
  private Page fetch(Reference subject, Optional<String> token) {
    try {
      ReferrerPage got = store.listReferrers(subject, Set.of(), token, calls.deadline());
      return got == null
          ? Page.failed(
              ErrorCode.REFERRER_STORE_FAILURE,
              "store '" + store.name() + "' returned no referrer page")
          : Page.of(got);
    } catch (RatifyException e) {
      ErrorCode code =
          e.code() == ErrorCode.TIMEOUT || e.code() == ErrorCode.CANCELLED
              ? e.code()
              : ErrorCode.REFERRER_STORE_FAILURE;
      return Page.failed(
          code,
          code == e.code() ? Optional.empty() : Optional.of(e.code()),
          e.errorReason(),
          e.remediation());
    } catch (RuntimeException e) {
      return Page.failed(
          ErrorCode.REFERRER_STORE_FAILURE,
          "store '" + store.name() + "' failed: " + Reports.describe(e));
    }
  }

  private CompletableFuture<Listing> tooMany(String label, String reason, String remediation) {
    failures.record(reason);
    return failed(
        label, ErrorCode.SIZE_LIMIT_EXCEEDED, Optional.empty(), reason, Optional.of(remediation));
  }

  private static CompletableFuture<Listing> failed(
      String label,
      ErrorCode code,
      Optional<ErrorCode> cause,
      String reason,
      Optional<String> remediation) {
    VerifierReport failure =
        new VerifierReport(
            label,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            VerificationResult.failure(
                code,
                Reports.failedToVerify(label),
                reason,
                remediation,
                cause.map(Reports::cause).orElse(Map.of())),
            List.of());
    return CompletableFuture.completedFuture(Listing.failed(failure));
  }
}
