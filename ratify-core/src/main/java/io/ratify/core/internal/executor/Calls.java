package io.ratify.core.internal.executor;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
  private final Set<Call<?>> live = ConcurrentHashMap.newKeySet();
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
  // Call keeps FutureTask's identity equality, which is what the set of live calls needs
  @SuppressWarnings("CollectionUndefinedEquality")
  <T> CompletableFuture<T> start(
      BiFunction<ErrorCode, String, T> onFailure, Consumer<Leaf<T>> body) {
    Call<T> call = new Call<>(new Leaf<>(onFailure), body);
    // registered before the flags are read: expire() and cancel() set their flag before they look
    // at the live calls, so either this call sees the flag or they see this call
    live.add(call);
    if (expired.get()) {
      call.leaf.fail(ErrorCode.TIMEOUT, deadlineExceeded());
    } else if (cancelled.get()) {
      call.leaf.fail(ErrorCode.CANCELLED, CLOSED);
    }
    if (call.leaf.settled()) {
      live.remove(call);
      return call.leaf.future();
    }
    try {
      pool.dispatch(call);
    } catch (RejectedExecutionException e) {
      live.remove(call);
      call.leaf.fail(ErrorCode.EXECUTOR_FAILURE, "the executor is closed");
    }
    return call.leaf.future();
  }

  /**
   * One call on the pool: live from its start until its task is done (ran, or was cancelled before
   * it could), which may be after its leaf settled (a late plugin).
   */
  private final class Call<T> extends FutureTask<Void> {
    final Leaf<T> leaf;
    private final AtomicBoolean started;

    Call(Leaf<T> leaf, Consumer<Leaf<T>> body) {
      this(leaf, body, new AtomicBoolean());
    }

    private Call(Leaf<T> leaf, Consumer<Leaf<T>> body, AtomicBoolean started) {
      super(
          () -> {
            started.set(true);
            runBody(leaf, body);
          },
          null);
      this.leaf = leaf;
      this.started = started;
    }

    @Override
    protected void done() {
      live.remove(this);
      if (!started.get()) {
        // cancelled before it ran (the pool shut down with the call queued): nothing else would
        // settle it; a call that started settles itself, if only as an abnormal end
        leaf.fail(ErrorCode.CANCELLED, CLOSED);
      }
    }
  }

  private <T> void runBody(Leaf<T> leaf, Consumer<Leaf<T>> body) {
    try {
      if (!leaf.settled()) {
        if (deadline.isExpired()) {
          leaf.fail(ErrorCode.TIMEOUT, deadlineExceeded());
        } else {
          body.accept(leaf);
        }
      }
    } catch (Throwable t) {
      // a call that throws past its own guards (an Error, or a bug in the walk): the leaf fails
      // closed below, and the cause must not vanish with the task
      LOG.warn("a plugin call while validating {} ended abnormally", label, t);
      leaf.fail(ErrorCode.EXECUTOR_FAILURE, ABNORMAL + ": " + Reports.describe(t));
      if (t instanceof Error err) {
        throw err;
      }
    } finally {
      leaf.fail(ErrorCode.EXECUTOR_FAILURE, ABNORMAL);
    }
  }

  /** The deadline passed: every call still pending becomes a timeout, and so will later ones. */
  void expire() {
    expired.set(true);
    for (Call<?> c : List.copyOf(live)) {
      c.leaf.fail(ErrorCode.TIMEOUT, deadlineExceeded());
    }
  }

  /**
   * The executor was closed: every call still pending becomes a cancellation, and so will later
   * ones.
   */
  void cancel() {
    cancelled.set(true);
    for (Call<?> c : List.copyOf(live)) {
      c.leaf.fail(ErrorCode.CANCELLED, CLOSED);
    }
  }

  /** Interrupts the calls still running (their outcome no longer counts) and drops queued ones. */
  void interruptRunning() {
    for (Call<?> c : live) {
      c.cancel(true);
    }
  }

  private String deadlineExceeded() {
    return "deadline of " + timeout.toMillis() + " ms exceeded";
  }
}
