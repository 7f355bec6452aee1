package io.ratify.oras.internal.cache;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Coalesces concurrent identical calls: while one caller (the leader) runs the call for a key,
 * later callers with the same key wait for its outcome instead of repeating it. Each waiter waits
 * no longer than its own deadline. The leader runs the call in the caller's thread (no thread is
 * started, so the call's own deadline bounds it); nothing is remembered once the call ends.
 * Thread-safe.
 *
 * @param <K> key type
 */
public final class SingleFlight<K> {
  /** A call that may fail with a typed error. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws RatifyException;
  }

  private final ConcurrentHashMap<K, CompletableFuture<Object>> inflight =
      new ConcurrentHashMap<>();
  private final AtomicInteger waiters = new AtomicInteger();

  /** Runs {@code call} for {@code key}, or joins the call already running for it. */
  @SuppressWarnings("unchecked")
  public <T> T run(K key, Deadline deadline, String what, Call<T> call) throws RatifyException {
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> running = inflight.putIfAbsent(key, mine);
    if (running != null) {
      return (T) await(running, deadline, what);
    }
    try {
      T value = call.run();
      mine.complete(value);
      return value;
    } catch (RatifyException | RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inflight.remove(key, mine);
    }
  }

  /** Callers currently waiting on another caller's call (for tests and metrics). */
  public int waiters() {
    return waiters.get();
  }

  private Object await(CompletableFuture<Object> running, Deadline deadline, String what)
      throws RatifyException {
    waiters.incrementAndGet();
    try {
      return running.get(Math.max(1, deadline.remaining().toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new RatifyException(
          ErrorCode.TIMEOUT,
          what + ": deadline exceeded while waiting for the same request by another caller",
          "raise the verification timeout",
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RatifyException(ErrorCode.CANCELLED, what + ": interrupted", null, null);
    } catch (CancellationException e) {
      throw new RatifyException(
          ErrorCode.CANCELLED, what + ": the shared request was cancelled", null, null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RatifyException r) {
        // A fresh exception per waiter, so that stack traces and suppressed lists are not shared
        // across threads.
        throw new RatifyException(r.code(), r.detail(), r.remediation().orElse(null), r);
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) cause;
    } finally {
      waiters.decrementAndGet();
    }
  }
}
