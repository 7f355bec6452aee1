package io.ratify.examples.server;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Starts the load-test targets (not a test): the real registry with a signed image, a provider with
 * the result cache on {@code port} (HTTPS) and one without cache on {@code port + 1} (HTTPS), then
 * samples the process's heap after GC and RSS every 30 s into {@code memory.csv}. Writes {@code
 * bench.env} (ports, registry, keys) for {@code run.sh}. Runs until killed.
 *
 * <p>Usage: {@code BenchServer OUT_DIR PORT}
 */
public final class BenchServer {
  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    Files.createDirectories(out);
    Testbed bed = Testbed.get();
    Path config = bed.writeConfig("bench.yaml", bed.config(bed.trusted));
    TlsPki pki = TlsPki.create("Bench CA");
    pki.server("bench").write(out.resolve("tls.crt"), out.resolve("tls.key"));
    ProviderServer cached =
        ProviderServer.builder()
            .config(config)
            .address("127.0.0.1:" + port)
            .healthAddress("127.0.0.1:" + (port + 10))
            .tls(out.resolve("tls.crt"), out.resolve("tls.key"))
            .cacheTtl(Duration.ofHours(1))
            .build()
            .start();
    ProviderServer uncached =
        ProviderServer.builder()
            .config(config)
            .address("127.0.0.1:" + (port + 1))
            .healthAddress("127.0.0.1:" + (port + 11))
            .tls(out.resolve("tls.crt"), out.resolve("tls.key"))
            .cacheTtl(Duration.ZERO)
            .build()
            .start();
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("bench.env")))) {
      w.println("CACHED_PORT=" + cached.port());
      w.println("UNCACHED_PORT=" + uncached.port());
      w.println("CACHED_METRICS=" + cached.metricsPort());
      w.println("UNCACHED_METRICS=" + uncached.metricsPort());
      w.println("REGISTRY=" + bed.registry.host());
      w.println("REPO=" + Testbed.REPO);
      w.println("SIGNED_DIGEST=" + bed.signedDigest);
      w.println("UNSIGNED_DIGEST=" + bed.unsignedDigest);
      w.println("SIGNED_TAG_KEY=" + bed.ref("signed"));
      w.println("SIGNED_DIGEST_KEY=" + bed.pinned(bed.signedDigest));
      w.println("UNSIGNED_DIGEST_KEY=" + bed.pinned(bed.unsignedDigest));
      w.println("PID=" + ProcessHandle.current().pid());
    }
    System.out.println("bench servers ready: " + List.of(cached.port(), uncached.port()));
    try (PrintWriter csv =
        new PrintWriter(Files.newBufferedWriter(out.resolve("memory.csv")), true)) {
      csv.println("time,heap_after_gc_mib,rss_mib");
      while (true) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long rss = 0;
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (l.startsWith("VmRSS:")) {
            rss = Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
          }
        }
        csv.printf("%s,%.1f,%.1f%n", Instant.now(), heap / 1048576.0, rss / 1048576.0);
        Thread.sleep(30_000);
      }
    }
  }
}
