package io.ratify.core.internal.executor;

import java.time.Duration;
import java.util.concurrent.Callable;
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
 * The threads of one executor: a fixed number of workers, which is what bounds simultaneous plugin calls, and one
 * timer thread that expires validations at their deadline. Threads are daemons and die when idle, so an executor
 * that is never closed does not keep a JVM alive.
 */
public final class WorkerPool {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicBoolean shutdown = new AtomicBoolean();

  public WorkerPool(int concurrency) {
    int id = POOLS.incrementAndGet();
    workers = new ThreadPoolExecutor(
        concurrency, concurrency, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons("ratify-" + id + "-worker-"));
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

  /** Interrupts running work and stops all threads; true on the first call only. */
  public boolean shutdown() {
    if (!shutdown.compareAndSet(false, true)) {
      return false;
    }
    workers.shutdownNow();
    timer.shutdownNow();
    return true;
  }
}
