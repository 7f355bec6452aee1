package io.ratify.core.internal.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ReferrerPage;
import io.ratify.api.Store;
import io.ratify.api.VerificationResult;
import io.ratify.core.Executor;
import io.ratify.core.testing.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ReferrerPagerTest {
  private static final String SUBJECT = "registry.test/app:v1";
  private static final String SIG = MediaTypes.NOTARY_SIGNATURE;

  private static boolean never() {
    return false;
  }

  private final WorkerPool pool = new WorkerPool(2, Duration.ofSeconds(5));
  private final Failures failures = new Failures();

  @AfterEach
  void close() {
    pool.shutdown();
  }

  /** A store whose listing is the given function; everything else is unsupported. */
  @FunctionalInterface
  private interface Listing {
    ReferrerPage list(Optional<String> token) throws RatifyException;
  }

  private static Store stub(Listing listing) {
    return new Store() {
      @Override
      public String name() {
        return "stub";
      }

      @Override
      public String type() {
        return "stub";
      }

      @Override
      public Descriptor resolve(Reference reference, Deadline deadline) {
        throw new UnsupportedOperationException();
      }

      @Override
      public ReferrerPage listReferrers(
          Reference subject, Set<String> types, Optional<String> token, Deadline deadline)
          throws RatifyException {
        return listing.list(token);
      }

      @Override
      public Manifest fetchManifest(Reference repository, Descriptor d, Deadline deadline) {
        throw new UnsupportedOperationException();
      }

      @Override
      public byte[] fetchBlob(Reference repository, Descriptor d, Deadline deadline) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private static Reference ref() throws RatifyException {
    return Reference.parse(SUBJECT);
  }

  private ReferrerPager pager(Store store, int maxReferrers, int maxPages) {
    Calls calls =
        new Calls(pool, Deadline.after(Duration.ofSeconds(30)), Duration.ofSeconds(30), "x");
    return new ReferrerPager(store, maxReferrers, maxPages, calls, failures);
  }

  private static ReferrerPager.Listing list(
      ReferrerPager pager, Reference subject, BooleanSupplier pruned) throws Exception {
    return pager.list(subject, SUBJECT, pruned).get(30, TimeUnit.SECONDS);
  }

  /** An in-memory subject with {@code n} signatures, listed {@code pageSize} at a time. */
  private record Graph(InMemoryStore store, Reference subject, List<Descriptor> referrers) {
    static Graph of(int n, int pageSize) throws RatifyException {
      InMemoryStore.Builder b = InMemoryStore.builder().pageSize(pageSize);
      Descriptor image = b.image(SUBJECT);
      List<Descriptor> referrers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        referrers.add(b.referrer(image, SIG));
      }
      return new Graph(b.build(), ref().withDigest(image.digest()), referrers);
    }
  }

  private static VerificationResult failure(ReferrerPager.Listing l) {
    assertFalse(l.pruned());
    assertEquals(List.of(), l.referrers());
    assertEquals(SUBJECT, l.failure().orElseThrow().subject());
    return l.failure().orElseThrow().result();
  }

  /** A bound was exceeded: the report says which and how to fix it, and the failure is recorded. */
  private void assertSizeLimit(VerificationResult r, String reason, String remediation) {
    assertEquals(Optional.of(ErrorCode.SIZE_LIMIT_EXCEEDED), r.errorCode());
    assertEquals(Optional.of(reason), r.errorReason());
    assertEquals(Optional.of(remediation), r.remediation());
    assertEquals(List.of(reason), failures.snapshot());
  }

  @Test
  void everyPageIsListedAndTheReferrersComeOrderedByDigest() throws Exception {
    Graph g = Graph.of(5, 2);
    ReferrerPager.Listing l = list(pager(g.store(), 64, 16), g.subject(), ReferrerPagerTest::never);
    assertFalse(l.pruned());
    assertTrue(l.failure().isEmpty());
    assertEquals(
        g.referrers().stream().sorted(Comparator.comparing(d -> d.digest().toString())).toList(),
        l.referrers());
    assertEquals(3, g.store().calls(InMemoryStore.Operation.LIST_REFERRERS));
    assertEquals(List.of(), failures.snapshot());
  }

  @Test
  void aReferrerListedOnTwoPagesCountsOnce() throws Exception {
    Descriptor d = Descriptor.of(SIG, Digest.sha256(new byte[] {1}), 1);
    Store store =
        stub(
            token ->
                token.isEmpty()
                    ? new ReferrerPage(List.of(d), Optional.of("2"))
                    : ReferrerPage.last(List.of(d)));
    ReferrerPager.Listing l = list(pager(store, 1, 16), ref(), ReferrerPagerTest::never);
    assertEquals(List.of(d), l.referrers());
  }

  @Test
  void moreReferrersThanTheBoundFailClosed() throws Exception {
    Graph g = Graph.of(5, 100);
    VerificationResult r =
        failure(list(pager(g.store(), 4, 16), g.subject(), ReferrerPagerTest::never));
    assertSizeLimit(r, SUBJECT + " has more than 4 referrers", "raise the referrer bound");
  }

  @Test
  void morePagesThanTheBoundFailClosedAndStopListing() throws Exception {
    Graph g = Graph.of(5, 1);
    VerificationResult r =
        failure(list(pager(g.store(), 64, 2), g.subject(), ReferrerPagerTest::never));
    assertSizeLimit(
        r, "the referrers of " + SUBJECT + " span more than 2 pages", "raise the page bound");
    assertEquals(2, g.store().calls(InMemoryStore.Operation.LIST_REFERRERS));
  }

  @Test
  void aStoreErrorIsAReferrerStoreFailureKeepingTheStoresCode() throws Exception {
    InMemoryStore.Builder b = InMemoryStore.builder().failListing(ErrorCode.THROTTLED);
    Descriptor image = b.image(SUBJECT);
    VerificationResult r =
        failure(
            list(
                pager(b.build(), 64, 16),
                ref().withDigest(image.digest()),
                ReferrerPagerTest::never));
    assertEquals(Optional.of(ErrorCode.REFERRER_STORE_FAILURE), r.errorCode());
    assertEquals(Map.of(Executor.CAUSE_CODE, "THROTTLED"), r.extensions());
    assertTrue(r.errorReason().orElseThrow().contains("told to fail listing"), r.toString());
    assertEquals("failed to verify artifact: " + SUBJECT, r.message());
    assertTrue(
        failures.snapshot().get(0).startsWith("listing the referrers of " + SUBJECT + " failed: "),
        failures.snapshot().toString());
  }

  @Test
  void aStoresTimeoutOrCancellationKeepsItsCode() throws Exception {
    for (ErrorCode code : List.of(ErrorCode.TIMEOUT, ErrorCode.CANCELLED)) {
      Store store =
          stub(
              token -> {
                throw new RatifyException(code, "gave up");
              });
      VerificationResult r = failure(list(pager(store, 64, 16), ref(), ReferrerPagerTest::never));
      assertEquals(Optional.of(code), r.errorCode());
      assertEquals(Map.of(), r.extensions(), "no cause: the code is the store's own");
    }
    assertEquals(
        List.of(
            "deadline exceeded while listing the referrers of " + SUBJECT,
            "listing the referrers of " + SUBJECT + " failed: gave up"),
        failures.snapshot());
  }

  @Test
  void aMissingPageOrAThrowingStoreIsAReferrerStoreFailure() throws Exception {
    VerificationResult none =
        failure(list(pager(stub(token -> null), 64, 16), ref(), ReferrerPagerTest::never));
    assertEquals(Optional.of(ErrorCode.REFERRER_STORE_FAILURE), none.errorCode());
    assertEquals(Optional.of("store 'stub' returned no referrer page"), none.errorReason());
    VerificationResult thrown =
        failure(
            list(
                pager(
                    stub(
                        token -> {
                          throw new IllegalStateException("boom");
                        }),
                    64,
                    16),
                ref(),
                ReferrerPagerTest::never));
    assertEquals(Optional.of(ErrorCode.REFERRER_STORE_FAILURE), thrown.errorCode());
    assertEquals(
        Optional.of("store 'stub' failed: IllegalStateException: boom"), thrown.errorReason());
  }

  @Test
  void aSubjectPrunedBeforeTheFirstPageIsNotListedAndTheQuestionIsAskedOnce() throws Exception {
    Graph g = Graph.of(3, 1);
    assertSame(
        ReferrerPager.Listing.PRUNED, list(pager(g.store(), 64, 16), g.subject(), () -> true));
    assertEquals(0, g.store().calls(InMemoryStore.Operation.LIST_REFERRERS));

    AtomicInteger asked = new AtomicInteger();
    ReferrerPager.Listing l =
        list(
            pager(g.store(), 64, 16),
            g.subject(),
            () -> {
              asked.incrementAndGet();
              return false;
            });
    assertEquals(3, l.referrers().size());
    assertEquals(1, asked.get());
  }
}
