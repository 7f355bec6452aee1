package io.ratify.core.internal.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CallsTest {
  private static String failed(ErrorCode code, String reason) {
    return code + ": " + reason;
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final WorkerPool pool = new WorkerPool(2, Duration.ofSeconds(5));

  @AfterEach
  void close() {
    pool.shutdown();
  }

  private Calls calls(Deadline deadline) {
    return new Calls(pool, deadline, TIMEOUT, "registry.test/app");
  }

  private static String get(CompletableFuture<String> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aCallRunsOnAWorkerAndYieldsItsOutcome() throws Exception {
    Calls calls = calls(Deadline.after(TIMEOUT));
    AtomicReference<String> thread = new AtomicReference<>();
    String out =
        get(
            calls.start(
                CallsTest::failed,
                leaf -> {
                  thread.set(Thread.currentThread().getName());
                  leaf.settle(() -> "verified", null);
                }));
    assertEquals("verified", out);
    assertTrue(thread.get().matches("ratify-\\d+-worker-\\d+"), thread.get());
  }

  @Test
  void aPassedDeadlineFailsTheCallWithoutRunningIt() throws Exception {
    Calls calls = calls(Deadline.after(Duration.ZERO));
    AtomicBoolean ran = new AtomicBoolean();
    String out = get(calls.start(CallsTest::failed, leaf -> ran.set(true)));
    assertEquals("TIMEOUT: deadline of 30000 ms exceeded", out);
    assertFalse(ran.get());
  }

  @Test
  void expireAndCancelFailPendingCallsAndEveryLaterOne() throws Exception {
    Map<String, Consumer<Calls>> cases =
        Map.of(
            "TIMEOUT: deadline of 30000 ms exceeded",
            Calls::expire,
            "CANCELLED: " + Calls.CLOSED,
            Calls::cancel);
    for (Map.Entry<String, Consumer<Calls>> c : cases.entrySet()) {
      Calls calls = calls(Deadline.after(TIMEOUT));
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<String> stuck = stuck(calls, release);
      c.getValue().accept(calls);
      assertEquals(c.getKey(), get(stuck));
      AtomicBoolean ran = new AtomicBoolean();
      assertEquals(c.getKey(), get(calls.start(CallsTest::failed, l -> ran.set(true))));
      release.countDown();
      assertFalse(ran.get(), "a call started after the end never runs");
      assertEquals(c.getKey(), get(stuck), "the late outcome is dropped");
    }
  }

  @Test
  void aCallThatEndsWithoutSettlingFailsClosed() throws Exception {
    Calls calls = calls(Deadline.after(TIMEOUT));
    assertEquals(
        "EXECUTOR_FAILURE: " + Calls.ABNORMAL, get(calls.start(CallsTest::failed, leaf -> {})));
  }

  @Test
  void aCallThatThrowsFailsClosedNamingTheCause() throws Exception {
    Calls calls = calls(Deadline.after(TIMEOUT));
    String bug =
        get(
            calls.start(
                CallsTest::failed,
                leaf -> {
                  throw new IllegalStateException("bug in the walk");
                }));
    assertEquals(
        "EXECUTOR_FAILURE: " + Calls.ABNORMAL + ": IllegalStateException: bug in the walk", bug);
    String error =
        get(
            calls.start(
                CallsTest::failed,
                leaf -> {
                  throw new StackOverflowError();
                }));
    assertEquals("EXECUTOR_FAILURE: " + Calls.ABNORMAL + ": StackOverflowError", error);
    // the worker survives an Error: the next call still runs
    assertEquals("ok", get(calls.start(CallsTest::failed, leaf -> leaf.settle(() -> "ok", null))));
  }

  @Test
  void aClosedPoolRefusesTheCall() throws Exception {
    Calls calls = calls(Deadline.after(TIMEOUT));
    pool.shutdown();
    assertEquals(
        "EXECUTOR_FAILURE: the executor is closed", get(calls.start(CallsTest::failed, l -> {})));
  }

  @Test
  void aCallStillQueuedWhenThePoolShutsDownSettlesAsCancelled() throws Exception {
    WorkerPool one = new WorkerPool(1, Duration.ofMillis(100));
    Calls calls = new Calls(one, Deadline.after(TIMEOUT), TIMEOUT, "registry.test/app");
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    one.execute(
        () -> {
          busy.countDown();
          awaitIgnoringInterrupts(release);
        });
    assertTrue(busy.await(30, TimeUnit.SECONDS));
    // no shutdown action is registered for these calls, so only the cancelled task can settle it
    CompletableFuture<String> queued =
        calls.start(CallsTest::failed, l -> l.settle(() -> "ran", null));
    try {
      one.shutdown();
      assertEquals("CANCELLED: " + Calls.CLOSED, get(queued));
    } finally {
      release.countDown();
    }
  }

  @Test
  void callsStartedByACallRunOnItsWorkerFirstAndInParallelWhenTheyWaitForEachOther()
      throws Exception {
    Calls calls = calls(Deadline.after(TIMEOUT));
    AtomicReference<String> outer = new AtomicReference<>();
    AtomicReference<String> first = new AtomicReference<>();
    CountDownLatch secondRan = new CountDownLatch(1);
    AtomicReference<CompletableFuture<String>> firstDone = new AtomicReference<>();
    AtomicReference<CompletableFuture<String>> second = new AtomicReference<>();
    String out =
        get(
            calls.start(
                CallsTest::failed,
                leaf -> {
                  outer.set(Thread.currentThread().getName());
                  // the walk's way: the next calls start from a continuation of this one
                  firstDone.set(
                      calls.start(
                          CallsTest::failed,
                          l -> {
                            first.set(Thread.currentThread().getName());
                            // waits for the call started after it: only another worker can run it
                            l.settle(() -> awaited(secondRan) ? "first" : "stuck", null);
                          }));
                  second.set(
                      calls.start(
                          CallsTest::failed,
                          l -> {
                            secondRan.countDown();
                            l.settle(() -> "second", null);
                          }));
                  leaf.settle(() -> "outer", null);
                }));
    assertEquals("outer", out);
    assertEquals("first", get(firstDone.get()));
    assertEquals("second", get(second.get()));
    assertEquals(outer.get(), first.get(), "the first call it started runs on the same worker");
  }

  @Test
  void interruptRunningInterruptsTheCallsStillRunning() throws Exception {
    Calls calls = calls(Deadline.after(TIMEOUT));
    CompletableFuture<String> call =
        running(
            calls,
            leaf -> {
              try {
                new CountDownLatch(1).await();
                leaf.settle(() -> "never", null);
              } catch (InterruptedException e) {
                leaf.settle(() -> "interrupted", null);
              }
            });
    calls.interruptRunning();
    assertEquals("interrupted", get(call));
  }

  /** Starts a call running {@code body}; returns once it runs. */
  private static CompletableFuture<String> running(Calls calls, Consumer<Leaf<String>> body)
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<String> call =
        calls.start(
            CallsTest::failed,
            leaf -> {
              started.countDown();
              body.accept(leaf);
            });
    assertTrue(started.await(30, TimeUnit.SECONDS));
    return call;
  }

  /** Starts a call that ignores interrupts until {@code release}, then settles too late. */
  private static CompletableFuture<String> stuck(Calls calls, CountDownLatch release)
      throws InterruptedException {
    return running(
        calls,
        leaf -> {
          awaitIgnoringInterrupts(release);
          leaf.settle(() -> "late success", null);
        });
  }

  private static boolean awaited(CountDownLatch latch) {
    try {
      return latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static void awaitIgnoringInterrupts(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException e) {
        // like a plugin blocked in native code
      }
    }
  }
}
