package io.ratify.core.internal.executor;

import io.ratify.api.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The outcome of one store or verifier call, settled exactly once: by the call itself, or by a
 * failure (deadline, close, abnormal end) when that comes first. Whoever settles second is ignored,
 * so a late outcome after the deadline can change nothing. Thread-safe.
 *
 * @param <T> what the call yields
 */
final class Leaf<T> {
  private final CompletableFuture<T> future = new CompletableFuture<>();
  private final AtomicBoolean settled = new AtomicBoolean();
  private final BiFunction<ErrorCode, String, T> onFailure;

  /**
   * A leaf that turns a failure (its code and reason) into an outcome with {@code onFailure}.
   *
   * @param onFailure the outcome standing for a failure
   */
  Leaf(BiFunction<ErrorCode, String, T> onFailure) {
    this.onFailure = onFailure;
  }

  /** Completes once, when the leaf settles; exceptionally only when building the outcome threw. */
  CompletableFuture<T> future() {
    return future;
  }

  boolean settled() {
    return settled.get();
  }

  /**
   * Settles with {@code value}, running {@code first} (may be null) before anything downstream sees
   * it; false, running neither, if already settled.
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

  /** Settles with the failure outcome; false if already settled. */
  boolean fail(ErrorCode code, String reason) {
    return settle(() -> onFailure.apply(code, reason), null);
  }
}
