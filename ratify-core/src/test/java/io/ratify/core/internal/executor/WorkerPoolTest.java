package io.ratify.core.internal.executor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
}
