package io.ratify.examples.cli;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.examples.server.ProviderServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ratify serve}: runs the Gatekeeper external-data provider until the process is stopped
 * (SIGTERM stops it gracefully).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve Gatekeeper's external-data protocol: POST /ratify/gatekeeper/v1|v2/verify and /mutate.")
final class ServeCommand implements Callable<Integer> {
  /** The environment variable holding the shared cache's HMAC key when no file is given. */
  static final String HMAC_ENV = "RATIFY_CACHE_HMAC_KEY";

  @Option(
      names = {"-c", "--config"},
      required = true,
      description = "Configuration file, or a directory of YAML documents (a ConfigMap mount).")
  Path config;

  @Option(names = "--address", defaultValue = ":6001", description = "API address [host]:port.")
  String address;

  @Option(names = "--cert-file", description = "PEM certificate chain of the API address.")
  Path certFile;

  @Option(names = "--key-file", description = "PEM private key of the API address.")
  Path keyFile;

  @Option(
      names = "--client-ca-file",
      description = "PEM CA certificates of the clients (Gatekeeper); enables mTLS.")
  Path clientCaFile;

  @Option(
      names = "--tls-min-version",
      defaultValue = "TLSv1.3",
      description = "TLSv1.3 or TLSv1.2.")
  String tlsMinVersion;

  @Option(
      names = "--health-address",
      defaultValue = ":9099",
      description = "Address of /healthz and /readyz.")
  String healthAddress;

  @Option(
      names = "--metrics-address",
      defaultValue = ":8888",
      description = "Address of the Prometheus /metrics.")
  String metricsAddress;

  @Option(
      names = "--verify-timeout",
      defaultValue = "5s",
      description = "Budget of a verify request.")
  String verifyTimeout;

  @Option(
      names = "--mutate-timeout",
      defaultValue = "2s",
      description = "Budget of a mutate request.")
  String mutateTimeout;

  @Option(
      names = "--cache-ttl",
      defaultValue = "10s",
      description = "How long an allowed verdict is cached (0s disables the cache).")
  String cacheTtl;

  @Option(names = "--cache-size", defaultValue = "10000", description = "Entries per local cache.")
  long cacheSize;

  @Option(
      names = "--cache",
      description = "Shared cache across replicas: redis://[user:password@]host:port[/db].")
  URI cache;

  @Option(
      names = "--cache-hmac-key-file",
      description =
          "File holding the key that authenticates shared cache entries (else $" + HMAC_ENV + ").")
  Path hmacKeyFile;

  @Option(names = "--disable-mutation", description = "Turn the mutate paths off.")
  boolean disableMutation;

  // read before picocli parses (RatifyCli.configureLogging); declared so that it is accepted
  @Option(
      names = {"-v", "--verbose"},
      description = "Log debug details (every request's plugin calls) to standard error.")
  boolean verbose;

  @Option(
      names = "--reload-interval",
      defaultValue = "2s",
      description = "How often the configuration and certificate files are checked for changes.")
  String reloadInterval;

  @Override
  public Integer call() throws Exception {
    ProviderServer.Builder b =
        ProviderServer.builder()
            .config(config)
            .address(address)
            .healthAddress(healthAddress)
            .metricsAddress(metricsAddress)
            .tlsMinVersion(tlsMinVersion)
            .verifyTimeout(duration("--verify-timeout", verifyTimeout))
            .mutateTimeout(duration("--mutate-timeout", mutateTimeout))
            .cacheTtl(duration("--cache-ttl", cacheTtl))
            .cacheSize(cacheSize)
            .disableMutation(disableMutation)
            .reloadInterval(duration("--reload-interval", reloadInterval));
    if (certFile != null || keyFile != null) {
      b.tls(certFile, keyFile);
    }
    if (clientCaFile != null) {
      b.clientCa(clientCaFile);
    }
    if (cache != null) {
      b.sharedCache(cache, hmacKey());
    }
    ProviderServer server = b.build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "ratify-serve-shutdown"));
    try {
      server.start();
    } catch (IOException e) {
      throw new RatifyException(
          ErrorCode.CONFIG_INVALID,
          "cannot start the provider: " + e.getMessage(),
          "check the addresses and the TLS files",
          e);
    }
    stopped.await();
    return 0;
  }

  private byte[] hmacKey() throws RatifyException {
    byte[] key;
    if (hmacKeyFile != null) {
      try {
        key =
            Files.readString(hmacKeyFile, StandardCharsets.UTF_8)
                .strip()
                .getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new RatifyException(
            ErrorCode.CONFIG_INVALID,
            "--cache-hmac-key-file: cannot read " + hmacKeyFile,
            "mount the Secret holding the key",
            null);
      }
    } else {
      String env = System.getenv(HMAC_ENV);
      key = env == null ? new byte[0] : env.strip().getBytes(StandardCharsets.UTF_8);
    }
    if (key.length < 32) {
      throw new RatifyException(
          ErrorCode.CONFIG_INVALID,
          "--cache needs an HMAC key of at least 32 bytes from --cache-hmac-key-file or $"
              + HMAC_ENV,
          "create one with: head -c 32 /dev/urandom | base64",
          null);
    }
    return key;
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  /** Go-style durations: {@code 500ms}, {@code 5s}, {@code 1m30s}, {@code 0s}, {@code 0}. */
  static Duration duration(String option, String text) throws RatifyException {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(text);
    Duration d = Duration.ZERO;
    int at = 0;
    while (m.find() && m.start() == at) {
      long n = Long.parseLong(m.group(1));
      d =
          d.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      at = m.end();
    }
    if (at != text.length() || text.isEmpty()) {
      throw new RatifyException(
          ErrorCode.CONFIG_INVALID,
          option + ": '" + text + "' is not a duration",
          "write it as 500ms, 5s, 2m or 1h",
          null);
    }
    return d;
  }
}
