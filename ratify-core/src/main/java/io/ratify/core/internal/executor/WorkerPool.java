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
 * run, so no caller waits for a deadline that nothing will enforce any more.
 */
public final class WorkerPool {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicBoolean shutdown = new AtomicBoolean();
  private final Set<Runnable> onShutdown = ConcurrentHashMap.newKeySet();

  public WorkerPool(int concurrency) {
    int id = POOLS.incrementAndGet();
    workers =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemons("ratify-" + id + "-worker-"));
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
   * actions and stops all threads; true on the first call only.
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
    return true;
  }
}
