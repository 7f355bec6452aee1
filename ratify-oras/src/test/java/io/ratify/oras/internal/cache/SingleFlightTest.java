package io.ratify.oras.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {
  static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(20));
  }

  @Test
  void concurrentIdenticalCallsRunOnce() throws Exception {
    SingleFlight<String> flight = new SingleFlight<>();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch leaderStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      results.add(
          pool.submit(
              () ->
                  flight.run(
                      "k",
                      deadline(),
                      "test",
                      () -> {
                        runs.incrementAndGet();
                        leaderStarted.countDown();
                        await(release);
                        return "value";
                      })));
      leaderStarted.await();
      for (int i = 0; i < 7; i++) {
        results.add(
            pool.submit(
                () ->
                    flight.run(
                        "k",
                        deadline(),
                        "test",
                        () -> {
                          runs.incrementAndGet();
                          return "other";
                        })));
      }
      while (flight.waiters() < 7) {
        Thread.onSpinWait();
      }
      release.countDown();
      for (Future<String> f : results) {
        assertEquals("value", f.get());
      }
      assertEquals(1, runs.get());
      // Once finished, nothing is remembered: the next call runs again.
      assertEquals("again", flight.run("k", deadline(), "test", () -> "again"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void waitersSeeTheLeadersTypedFailure() throws Exception {
    SingleFlight<String> flight = new SingleFlight<>();
    CountDownLatch leaderStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Object> leader =
          pool.submit(
              () ->
                  flight.run(
                      "k",
                      deadline(),
                      "test",
                      () -> {
                        leaderStarted.countDown();
                        await(release);
                        throw new RatifyException(ErrorCode.THROTTLED, "throttled");
                      }));
      leaderStarted.await();
      Future<Object> waiter = pool.submit(() -> flight.run("k", deadline(), "test", () -> "never"));
      while (flight.waiters() < 1) {
        Thread.onSpinWait();
      }
      release.countDown();
      RatifyException e =
          (RatifyException)
              assertThrows(java.util.concurrent.ExecutionException.class, waiter::get).getCause();
      assertEquals(ErrorCode.THROTTLED, e.code());
      assertThrows(java.util.concurrent.ExecutionException.class, leader::get);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWaiterStopsAtItsOwnDeadline() throws Exception {
    SingleFlight<String> flight = new SingleFlight<>();
    CountDownLatch leaderStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> unused =
          pool.submit(
              () ->
                  flight.run(
                      "k",
                      deadline(),
                      "test",
                      () -> {
                        leaderStarted.countDown();
                        await(release);
                        return "late";
                      }));
      leaderStarted.await();
      RatifyException e =
          assertThrows(
              RatifyException.class,
              () -> flight.run("k", Deadline.after(Duration.ofMillis(50)), "test", () -> "x"));
      assertEquals(ErrorCode.TIMEOUT, e.code());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
