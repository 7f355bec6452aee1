package io.ratify.examples.server.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls files for content changes. Polling, not file-system events: Kubernetes updates mounted
 * secrets and ConfigMaps by swapping a {@code ..data} symlink, which event APIs report on the
 * directory, if at all; reading the content through the visible path sees every swap.
 */
public final class FileWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

  private final ScheduledExecutorService timer;

  /** A watcher polling every {@code interval}. */
  public FileWatcher() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ratify-file-watcher");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Calls {@code onChange} whenever the content of {@code files} differs from the last time {@code
   * onChange} returned true. An action that returns false (a half-written update) is retried at the
   * next poll.
   */
  public void watch(
      List<Path> files, byte[] initialDigest, Duration interval, ChangeAction onChange) {
    byte[][] last = {initialDigest};
    ScheduledFuture<?> unused =
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                byte[] now = digest(files);
                if (!Arrays.equals(now, last[0]) && onChange.changed()) {
                  last[0] = now;
                }
              } catch (RuntimeException e) {
                LOG.warn("watching {} failed: {}", files, e.toString());
              }
            },
            interval.toMillis(),
            interval.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** Runs a task periodically on the watcher's thread. */
  public void every(Duration interval, Runnable task) {
    ScheduledFuture<?> unused =
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                task.run();
              } catch (RuntimeException e) {
                LOG.warn("a periodic task failed: {}", e.toString());
              }
            },
            interval.toMillis(),
            interval.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** What to do on a change; true when handled. */
  public interface ChangeAction {
    /** Handles the change; false to retry at the next poll. */
    boolean changed();
  }

  /** The SHA-256 over the files' contents (an unreadable file counts as empty). */
  public static byte[] digest(List<Path> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path p : files) {
        try {
          if (Files.size(p) <= Pem.MAX_BYTES) {
            md.update(Files.readAllBytes(p));
          }
        } catch (IOException e) {
          md.update((byte) 1);
        }
        md.update((byte) 0);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
