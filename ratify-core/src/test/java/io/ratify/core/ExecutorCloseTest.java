package io.ratify.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ReferrerPage;
import io.ratify.api.Store;
import io.ratify.api.ValidationResult;
import io.ratify.core.testing.InMemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Executor#close()} closes the store only after the calls using it have returned. */
@Timeout(60)
class ExecutorCloseTest {
  private static final String SUBJECT = "registry.test/app:v1";

  /**
   * An in-memory store whose listing blocks until released, and which records when a listing
   * returns and when the store is closed.
   */
  private static final class BlockingStore implements Store {
    final InMemoryStore inner;
    final boolean honoursInterrupts;
    final CountDownLatch listing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> events = new CopyOnWriteArrayList<>();

    BlockingStore(boolean honoursInterrupts) {
      InMemoryStore.Builder b = InMemoryStore.builder();
      b.referrer(b.image(SUBJECT), MediaTypes.NOTARY_SIGNATURE);
      this.inner = b.build();
      this.honoursInterrupts = honoursInterrupts;
    }

    @Override
    public String name() {
      return "blocking";
    }

    @Override
    public String type() {
      return "blocking";
    }

    @Override
    public Descriptor resolve(Reference reference, Deadline deadline) throws RatifyException {
      return inner.resolve(reference, deadline);
    }

    @Override
    public ReferrerPage listReferrers(
        Reference subject, Set<String> types, Optional<String> token, Deadline deadline)
        throws RatifyException {
      listing.countDown();
      try {
        while (true) {
          try {
            release.await();
            return inner.listReferrers(subject, types, token, deadline);
          } catch (InterruptedException e) {
            if (honoursInterrupts) {
              // winds down like an HTTP client closing its connection, which takes a moment
              long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
              while (System.nanoTime() < until) {
                Thread.onSpinWait();
              }
              Thread.currentThread().interrupt();
              throw new RatifyException(io.ratify.api.ErrorCode.CANCELLED, "interrupted");
            }
          }
        }
      } finally {
        events.add("listing returned");
      }
    }

    @Override
    public Manifest fetchManifest(Reference repository, Descriptor d, Deadline deadline)
        throws RatifyException {
      return inner.fetchManifest(repository, d, deadline);
    }

    @Override
    public byte[] fetchBlob(Reference repository, Descriptor d, Deadline deadline)
        throws RatifyException {
      return inner.fetchBlob(repository, d, deadline);
    }

    @Override
    public void close() {
      events.add("closed");
    }
  }

  /** What a test does while a validation's listing is in flight. */
  @FunctionalInterface
  private interface WhileInFlight {
    void test(Executor executor, BlockingStore store, Future<ValidationResult> running)
        throws Exception;
  }

  /** Starts a validation, runs {@code test} once its listing is in flight, then cleans up. */
  private static void whileInFlight(boolean honoursInterrupts, WhileInFlight test)
      throws Exception {
    BlockingStore store = new BlockingStore(honoursInterrupts);
    Executor executor = executor(store);
    ExecutorService callers = Executors.newSingleThreadExecutor();
    try {
      Future<ValidationResult> running = callers.submit(() -> executor.validate(SUBJECT));
      assertTrue(store.listing.await(30, TimeUnit.SECONDS));
      test.test(executor, store, running);
    } finally {
      store.release.countDown();
      callers.shutdownNow();
    }
  }

  private static Executor executor(BlockingStore store) throws RatifyException {
    return Executor.builder()
        .store(store)
        .timeout(Duration.ofHours(1))
        .verifier(FakeVerifier.passing("n", MediaTypes.NOTARY_SIGNATURE))
        .build();
  }

  @Test
  void theStoreIsClosedOnlyAfterTheInterruptedCallReturned() throws Exception {
    whileInFlight(
        true,
        (executor, store, running) -> {
          executor.close();
          assertEquals(List.of("listing returned", "closed"), store.events);
          assertFalse(running.get(30, TimeUnit.SECONDS).success());
        });
  }

  @Test
  void closeIsBoundedWhenACallIgnoresTheInterrupt() throws Exception {
    whileInFlight(
        false,
        (executor, store, running) -> {
          assertTimeoutPreemptively(Duration.ofSeconds(30), executor::close);
          assertEquals(List.of("closed"), store.events, "close gave up waiting for the stuck call");
          ValidationResult r = running.get(30, TimeUnit.SECONDS);
          assertFalse(r.success());
          assertTrue(
              r.reasons().stream().anyMatch(s -> s.contains("closed")), r.reasons().toString());
        });
  }
}
