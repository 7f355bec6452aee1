package io.ratify.core.internal.executor;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one executor: a fixed number of workers, which is what bounds simultaneous plugin
 * calls, and one timer thread that expires validations at their deadline. Threads are daemons and
 * die when idle, so an executor that is never closed does not keep a JVM alive. {@link #shutdown()}
 * ends every wait on this pool at once: queued tasks are cancelled and registered shutdown actions
 * run, so no caller waits for a deadline that nothing will enforce any more. It then waits,
 * bounded, for the interrupted calls to return, so that the store they use can be closed after
 * them.
 */
public final class WorkerPool {
  /** How long {@link #shutdown()} waits for interrupted calls by default, in milliseconds. */
  public static final long SHUTDOWN_GRACE_MILLIS = 1000;

  private static final AtomicInteger POOLS = new AtomicInteger();
  private final Duration shutdownGrace;
  private final String workerPrefix;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicBoolean shutdown = new AtomicBoolean();
  private final Set<Runnable> onShutdown = ConcurrentHashMap.newKeySet();

  /** A pool of {@code concurrency} workers whose shutdown waits the default grace. */
  public WorkerPool(int concurrency) {
    this(concurrency, Duration.ofMillis(SHUTDOWN_GRACE_MILLIS));
  }

  /**
   * A pool of {@code concurrency} workers whose shutdown waits up to {@code shutdownGrace} for
   * interrupted calls.
   */
  public WorkerPool(int concurrency, Duration shutdownGrace) {
    this.shutdownGrace = shutdownGrace;
    int id = POOLS.incrementAndGet();
    workerPrefix = "ratify-" + id + "-worker-";
    workers =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemons(workerPrefix));
    workers.allowCoreThreadTimeOut(true);
    timer = new ScheduledThreadPoolExecutor(1, daemons("ratify-" + id + "-timer-"));
    timer.setRemoveOnCancelPolicy(true);
    timer.setKeepAliveTime(30, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Runs {@code task} on a worker. */
  public <T> Future<T> submit(Callable<T> task) {
    return workers.submit(task);
  }

  /** Runs {@code task} (usually a {@link java.util.concurrent.FutureTask}) on a worker. */
  public void execute(Runnable task) {
    workers.execute(task);
  }

  /** Runs {@code action} on the timer thread after {@code delay}. */
  public ScheduledFuture<?> schedule(Runnable action, Duration delay) {
    return timer.schedule(action, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  public boolean isShutdown() {
    return shutdown.get();
  }

  /**
   * Registers {@code action} to run once when the pool shuts down; false (and nothing registered)
   * when it already has. Remove it with {@link #removeShutdownAction} when the work it guards is
   * done.
   */
  public boolean addShutdownAction(Runnable action) {
    onShutdown.add(action);
    if (shutdown.get()) {
      // shutdown() may or may not have seen it; the caller handles the shutdown itself either way
      onShutdown.remove(action);
      return false;
    }
    return true;
  }

  public void removeShutdownAction(Runnable action) {
    onShutdown.remove(action);
  }

  /**
   * Interrupts running work, cancels queued work (so its waiters wake up), runs the shutdown
   * actions, stops all threads and waits up to the shutdown grace for the interrupted calls to
   * return (not at all when called from a worker, which would wait for itself); true on the first
   * call only.
   */
  public boolean shutdown() {
    if (!shutdown.compareAndSet(false, true)) {
      return false;
    }
    List<Runnable> queued = workers.shutdownNow();
    timer.shutdownNow();
    for (Runnable r : queued) {
      if (r instanceof Future<?> f) {
        f.cancel(false);
      }
    }
    for (Runnable action : List.copyOf(onShutdown)) {
      try {
        action.run();
      } catch (RuntimeException e) {
        // one validation failing to stop must not keep the others waiting
      }
    }
    onShutdown.clear();
    if (!Thread.currentThread().getName().startsWith(workerPrefix)) {
      awaitTermination();
    }
    return true;
  }

  /** Waits, bounded by the grace, for the workers and the timer to stop. */
  private void awaitTermination() {
    long until = System.nanoTime() + shutdownGrace.toNanos();
    boolean interrupted = false;
    try {
      for (ThreadPoolExecutor e : List.of(workers, timer)) {
        while (true) {
          try {
            long left = until - System.nanoTime();
            if (left <= 0 || e.awaitTermination(left, TimeUnit.NANOSECONDS)) {
              break;
            }
          } catch (InterruptedException x) {
            // the caller wants out, but the store must still not be closed under a running call:
            // keep waiting within the bound and restore the flag afterwards
            interrupted = true;
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
