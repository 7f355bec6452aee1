package io.ratify.core.internal.executor;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store and verifier calls of one validation. Each call is a {@link Leaf} run on the {@link
 * WorkerPool}: it settles exactly once, with its outcome or with a failure when the deadline passes
 * ({@link #expire()}), the executor closes ({@link #cancel()}) or the call ends without settling.
 * Calls never wait for each other, so the fixed pool cannot deadlock. Thread-safe.
 */
final class Calls {
  private static final Logger LOG = LoggerFactory.getLogger(Calls.class);
  static final String CLOSED = "the executor was closed before the call finished";
  static final String ABNORMAL = "a plugin call ended abnormally";

  private final WorkerPool pool;
  private final Deadline deadline;
  private final Duration timeout;
  private final String label;
  private final Set<Leaf<?>> pending = ConcurrentHashMap.newKeySet();
  private final Set<Future<?>> running = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean expired = new AtomicBoolean();
  private final AtomicBoolean cancelled = new AtomicBoolean();

  /**
   * The calls of a validation of {@code label} that must finish by {@code deadline}, which is
   * {@code timeout} after its start.
   */
  Calls(WorkerPool pool, Deadline deadline, Duration timeout, String label) {
    this.pool = pool;
    this.deadline = deadline;
    this.timeout = timeout;
    this.label = label;
  }

  /** The name of what is validated, for logs and reasons. */
  String label() {
    return label;
  }

  /** The deadline every call is given. */
  Deadline deadline() {
    return deadline;
  }

  /**
   * Starts one call: {@code body} runs on a worker and settles the leaf it is given; {@code
   * onFailure} gives the outcome standing for a failure. A call started after the deadline or the
   * close settles at once as a failure, without running.
   */
  // FutureTask keeps Object's identity equality, which is what the set of running calls needs
  @SuppressWarnings("CollectionUndefinedEquality")
  <T> CompletableFuture<T> start(
      BiFunction<ErrorCode, String, T> onFailure, Consumer<Leaf<T>> body) {
    Leaf<T> leaf = new Leaf<>(onFailure);
    pending.add(leaf);
    CompletableFuture<T> unused = leaf.future().whenComplete((v, e) -> pending.remove(leaf));
    if (expired.get()) {
      leaf.fail(ErrorCode.TIMEOUT, deadlineExceeded());
    } else if (cancelled.get()) {
      leaf.fail(ErrorCode.CANCELLED, CLOSED);
    }
    if (leaf.settled()) {
      return leaf.future();
    }
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              try {
                if (!leaf.settled()) {
                  if (deadline.isExpired()) {
                    leaf.fail(ErrorCode.TIMEOUT, deadlineExceeded());
                  } else {
                    body.accept(leaf);
                  }
                }
              } catch (Throwable t) {
                // a call that throws past its own guards (an Error, or a bug in the walk): the
                // leaf fails closed below, and the cause must not vanish with the task
                LOG.warn("a plugin call while validating {} ended abnormally", label, t);
                leaf.fail(ErrorCode.EXECUTOR_FAILURE, ABNORMAL + ": " + Reports.describe(t));
                if (t instanceof Error err) {
                  throw err;
                }
              } finally {
                leaf.fail(ErrorCode.EXECUTOR_FAILURE, ABNORMAL);
              }
            },
            null) {
          @Override
          protected void done() {
            running.remove(this);
          }
        };
    running.add(task);
    try {
      pool.dispatch(task);
    } catch (RejectedExecutionException e) {
      running.remove(task);
      leaf.fail(ErrorCode.EXECUTOR_FAILURE, "the executor is closed");
    }
    return leaf.future();
  }

  /** The deadline passed: every call still pending becomes a timeout, and so will later ones. */
  void expire() {
    expired.set(true);
    for (Leaf<?> leaf : List.copyOf(pending)) {
      leaf.fail(ErrorCode.TIMEOUT, deadlineExceeded());
    }
  }

  /**
   * The executor was closed: every call still pending becomes a cancellation, and so will later
   * ones.
   */
  void cancel() {
    cancelled.set(true);
    for (Leaf<?> leaf : List.copyOf(pending)) {
      leaf.fail(ErrorCode.CANCELLED, CLOSED);
    }
  }

  /** Interrupts the calls still running (their outcome no longer counts) and drops queued ones. */
  void interruptRunning() {
    for (Future<?> f : running) {
      f.cancel(true);
    }
  }

  private String deadlineExceeded() {
    return "deadline of " + timeout.toMillis() + " ms exceeded";
  }
}
