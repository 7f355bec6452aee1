package io.ratify.examples.server;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the load-test targets (not a test): the real registry with a signed image, a provider with
 * the result cache on {@code port} (HTTPS) and one with every cache off on {@code port + 1} (HTTPS:
 * verdict, tag and mutation caches, and the store's own cache), then samples the process's heap
 * after GC and RSS every 30 s into {@code memory.csv}. Before that, it runs one uncached
 * verification and writes the registry requests it made (from the registry's access log) to {@code
 * sequence.txt}, which {@code run.sh} replays as the raw-registry side. Writes {@code bench.env}
 * (ports, registry, keys, sequence) for {@code run.sh}. Runs until killed.
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
    // every cache off: verdicts, tags (TTL 0 too), mutations, and the store's own content cache
    Path uncachedConfig =
        bed.writeConfig(
            "bench-uncached.yaml", CacheBehaviourTest.withoutStoreCache(bed.config(bed.trusted)));
    ProviderServer uncached =
        ProviderServer.builder()
            .config(uncachedConfig)
            .address("127.0.0.1:" + (port + 1))
            .healthAddress("127.0.0.1:" + (port + 11))
            .tls(out.resolve("tls.crt"), out.resolve("tls.key"))
            .cacheTtl(Duration.ZERO)
            .build()
            .start();
    List<String> sequence = sequenceOfOneVerification(bed, pki, uncached);
    Files.write(out.resolve("sequence.txt"), sequence);
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("bench.env")))) {
      w.println("SEQUENCE=" + out.resolve("sequence.txt"));
      w.println("SEQUENCE_LENGTH=" + sequence.size());
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
    System.out.println("one uncached verification asks the registry: " + sequence);
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

  private static final Pattern ACCESS = Pattern.compile("\"(GET|HEAD) (\\S+) HTTP/[0-9.]+\"");

  /**
   * The registry requests (method and path, in order) of one verification on the uncached provider,
   * read from the registry's access log.
   */
  static List<String> sequenceOfOneVerification(Testbed bed, TlsPki pki, ProviderServer uncached)
      throws Exception {
    int before = accessLines(bed).size();
    Testbed.Answer a =
        Testbed.verify(
            Testbed.client(TlsPki.trusting(pki.ca)),
            "https://127.0.0.1:" + uncached.port(),
            "v1",
            List.of(bed.pinned(bed.signedDigest)));
    if (!a.item(0).path("value").path("isSuccess").asBoolean()) {
      throw new IllegalStateException("the probe verification failed: " + a.body());
    }
    // the access log line may trail the answer: wait until it stops growing
    List<String> lines = accessLines(bed);
    for (int i = 0; i < 20; i++) {
      Thread.sleep(100);
      List<String> again = accessLines(bed);
      if (again.size() == lines.size() && i >= 3) {
        break;
      }
      lines = again;
    }
    return lines.subList(before, lines.size());
  }

  private static List<String> accessLines(Testbed bed) {
    List<String> out = new ArrayList<>();
    for (String l : bed.registry.log().split("\n")) {
      Matcher m = ACCESS.matcher(l);
      if (m.find() && m.group(2).startsWith("/v2/" + Testbed.REPO + "/")) {
        out.add(m.group(1) + " " + m.group(2));
      }
    }
    return out;
  }
}
