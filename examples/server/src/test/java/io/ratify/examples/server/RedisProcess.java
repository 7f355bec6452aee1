package io.ratify.examples.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on 127.0.0.1 and a free port, for tests. Without the binary the test
 * is skipped with a message, except in CI ({@code CI} set), where it fails.
 */
final class RedisProcess implements AutoCloseable {
  private final Process process;
  final int port;

  private RedisProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static Path binary() {
    for (String c : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
      if (Files.isExecutable(Path.of(c))) {
        return Path.of(c);
      }
    }
    return null;
  }

  static RedisProcess start() throws IOException, InterruptedException {
    Path bin = binary();
    if (bin == null) {
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(
            "redis-server is missing in CI: install the Debian package redis-server (.ci/run does)");
      }
      assumeTrue(false, "redis-server is not installed (Debian package redis-server): skipped");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                bin.toString(),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        probe.getInputStream(); // connected: the server accepts
        return new RedisProcess(p, port);
      } catch (IOException e) {
        if (!p.isAlive()) {
          break;
        }
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IOException("redis-server did not start on port " + port);
  }

  URI uri() {
    return URI.create("redis://127.0.0.1:" + port);
  }

  /** Kills the process (SIGKILL) and waits for it. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
