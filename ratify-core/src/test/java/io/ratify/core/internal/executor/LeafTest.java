package io.ratify.core.internal.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LeafTest {
  private static Leaf<String> leaf() {
    return new Leaf<>((code, reason) -> code + ": " + reason);
  }

  @Test
  void theFirstSettlementWinsAndLaterOnesRunNothing() {
    Leaf<String> leaf = leaf();
    assertFalse(leaf.settled());
    assertTrue(leaf.settle(() -> "first", null));
    AtomicBoolean ran = new AtomicBoolean();
    assertFalse(leaf.settle(() -> "second", () -> ran.set(true)));
    assertFalse(leaf.fail(ErrorCode.TIMEOUT, "too late"));
    assertTrue(leaf.settled());
    assertFalse(ran.get(), "a losing settlement must not reach the policy");
    assertEquals("first", leaf.future().join());
  }

  @Test
  void aFailureSettlesWithTheFailureOutcomeAndDropsTheLateResult() {
    Leaf<String> leaf = leaf();
    assertTrue(leaf.fail(ErrorCode.TIMEOUT, "deadline of 10 ms exceeded"));
    assertFalse(leaf.settle(() -> "late success", null));
    assertEquals("TIMEOUT: deadline of 10 ms exceeded", leaf.future().join());
  }

  @Test
  void firstRunsBeforeAnyoneSeesTheOutcome() {
    Leaf<String> leaf = leaf();
    List<String> seen = new ArrayList<>();
    CompletableFuture<Void> after = leaf.future().thenAccept(v -> seen.add("outcome " + v));
    leaf.settle(
        () -> "ok",
        () -> {
          assertFalse(leaf.future().isDone());
          seen.add("first");
        });
    assertTrue(after.isDone());
    assertEquals(List.of("first", "outcome ok"), seen);
  }

  @Test
  void anOutcomeThatThrowsSettlesExceptionally() {
    Leaf<String> leaf = leaf();
    assertTrue(
        leaf.settle(
            () -> {
              throw new IllegalStateException("broken report");
            },
            null));
    assertFalse(leaf.fail(ErrorCode.EXECUTOR_FAILURE, "after"));
    CompletionException e = assertThrows(CompletionException.class, () -> leaf.future().join());
    assertEquals("broken report", e.getCause().getMessage());
  }

  @Test
  void racingSettlersSettleExactlyOnce() throws Exception {
    int racers = 8;
    ExecutorService threads = Executors.newFixedThreadPool(racers);
    try {
      for (int round = 0; round < 50; round++) {
        Leaf<String> leaf = leaf();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> wins = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          String value = "racer " + i;
          boolean succeeds = i % 2 == 0;
          wins.add(
              threads.submit(
                  () -> {
                    go.await();
                    return succeeds
                        ? leaf.settle(() -> value, null)
                        : leaf.fail(ErrorCode.CANCELLED, value);
                  }));
        }
        go.countDown();
        int won = 0;
        for (Future<Boolean> w : wins) {
          won += w.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertEquals(1, won);
        assertTrue(leaf.future().isDone());
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
