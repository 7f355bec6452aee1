package io.ratify.core.internal.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WorkerPoolTest {
  /** Far longer than any test may take: only a bound that works lets these tests end. */
  private static final Duration LONG = Duration.ofHours(1);

  /**
   * Runs a call that blocks until interrupted and then runs {@code after}; returns once it runs.
   */
  private static void runUntilInterrupted(WorkerPool pool, Runnable after)
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    pool.execute(
        () -> {
          started.countDown();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            after.run();
          }
        });
    assertTrue(started.await(30, TimeUnit.SECONDS));
  }

  @Test
  void shutdownWaitsForAnInterruptedCallToReturn() throws Exception {
    WorkerPool pool = new WorkerPool(1, LONG);
    AtomicBoolean returned = new AtomicBoolean();
    runUntilInterrupted(
        pool,
        () -> {
          // a plugin that winds down (closes a connection) after the interrupt: if shutdown did
          // not wait, the store would be closed under it
          long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
          returned.set(true);
        });
    assertTrue(pool.shutdown());
    assertTrue(returned.get(), "shutdown returned while the interrupted call was still running");
    assertFalse(pool.shutdown(), "only the first shutdown does anything");
  }

  @Test
  void shutdownGivesUpOnACallThatIgnoresTheInterruptAfterTheGrace() throws Exception {
    WorkerPool pool = new WorkerPool(1, Duration.ofMillis(100));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean returned = new AtomicBoolean();
    pool.execute(
        () -> {
          started.countDown();
          CallsTest.awaitIgnoringInterrupts(release);
          returned.set(true);
        });
    assertTrue(started.await(30, TimeUnit.SECONDS));
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertTrue(pool.shutdown()));
      assertFalse(returned.get(), "the call is still stuck: shutdown ended because of its bound");
    } finally {
      release.countDown();
    }
  }

  @Test
  void shutdownFromAWorkerDoesNotWaitForItself() throws Exception {
    WorkerPool pool = new WorkerPool(1, LONG);
    FutureTask<Boolean> shut = new FutureTask<>(pool::shutdown);
    pool.dispatch(shut);
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertTrue(shut.get()));
    assertTrue(pool.isShutdown());
  }

  @Test
  void shutdownRunsTheRegisteredActionsAndCancelsQueuedWork() throws Exception {
    WorkerPool pool = new WorkerPool(1, LONG);
    runUntilInterrupted(pool, () -> {});
    FutureTask<String> queued = new FutureTask<>(() -> "never runs");
    pool.dispatch(queued);
    AtomicBoolean ran = new AtomicBoolean();
    AtomicBoolean removed = new AtomicBoolean();
    Runnable kept = () -> ran.set(true);
    Runnable gone = () -> removed.set(true);
    assertTrue(pool.addShutdownAction(kept));
    assertTrue(pool.addShutdownAction(gone));
    pool.removeShutdownAction(gone);
    assertTrue(pool.shutdown());
    assertTrue(ran.get());
    assertFalse(removed.get());
    assertTrue(queued.isCancelled());
    assertFalse(pool.addShutdownAction(() -> {}), "a closed pool takes no more actions");
  }

  /** Round trips well inside the spin window, enough of them to bring the average down. */
  private static void quickRoundTrips(WorkerPool pool) {
    for (int i = 0; i < 20; i++) {
      pool.roundTrip(1_000);
    }
  }

  @Test
  void aCallerDoesNotLookForItsResultWhileRecentRoundTripsAreSlow() {
    WorkerPool pool = new WorkerPool(1);
    AtomicInteger looks = new AtomicInteger();
    pool.awaitBriefly(() -> looks.incrementAndGet() > 1_000_000);
    assertEquals(0, looks.get(), "a new pool knows of no quick round trip");
    quickRoundTrips(pool);
    for (int i = 0; i < 20; i++) {
      pool.roundTrip(TimeUnit.MILLISECONDS.toNanos(5));
    }
    pool.awaitBriefly(() -> looks.incrementAndGet() > 1_000_000);
    assertEquals(0, looks.get(), "slow round trips since: the caller parks at once");
    pool.shutdown();
  }

  @Test
  void aCallerLooksForAQuickResultUntilItIsThere() {
    // a window no preemption can outlast, so that only `done` ends this
    WorkerPool pool = new WorkerPool(1, LONG, LONG.toNanos());
    quickRoundTrips(pool);
    AtomicInteger looks = new AtomicInteger();
    pool.awaitBriefly(() -> looks.incrementAndGet() >= 3);
    assertEquals(3, looks.get());
    pool.shutdown();
  }

  @Test
  void aCallerStopsLookingAfterTheWindowOrWhenInterrupted() {
    WorkerPool pool = new WorkerPool(1);
    quickRoundTrips(pool);
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> pool.awaitBriefly(() -> false));
    pool.shutdown();
    // a window no preemption can outlast: only the interrupt ends this
    WorkerPool patient = new WorkerPool(1, LONG, LONG.toNanos());
    quickRoundTrips(patient);
    AtomicInteger looks = new AtomicInteger();
    Thread.currentThread().interrupt();
    try {
      patient.awaitBriefly(() -> looks.incrementAndGet() > 1_000_000);
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is the caller's to see");
      assertEquals(1, looks.get());
    } finally {
      boolean unused = Thread.interrupted();
    }
    patient.shutdown();
  }

  @Test
  void anIdleWorkerTakesLaterWorkAndEndsAtShutdown() throws Exception {
    WorkerPool pool = new WorkerPool(1, LONG);
    AtomicReference<Thread> worker = new AtomicReference<>();
    FutureTask<Boolean> first =
        new FutureTask<>(() -> worker.compareAndSet(null, Thread.currentThread()));
    pool.dispatch(first);
    assertTrue(first.get(30, TimeUnit.SECONDS));
    // well past the spin window: the worker has parked and must be woken for this one
    Thread.sleep(50);
    FutureTask<Thread> second = new FutureTask<>(Thread::currentThread);
    pool.dispatch(second);
    assertEquals(worker.get(), second.get(30, TimeUnit.SECONDS));
    // and again while it may still be looking
    FutureTask<Thread> third = new FutureTask<>(Thread::currentThread);
    pool.dispatch(third);
    assertEquals(worker.get(), third.get(30, TimeUnit.SECONDS));
    assertTrue(pool.shutdown());
    worker.get().join(TimeUnit.SECONDS.toMillis(20));
    assertFalse(
        worker.get().isAlive(), "an idle worker must end at shutdown, not at its keep-alive");
  }
}
