package io.ratify.examples.server;

import com.github.benmanes.caffeine.cache.Ticker;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.examples.server.internal.BackendManager;
import io.ratify.examples.server.internal.ConfigSource;
import io.ratify.examples.server.internal.ExecutorBackend;
import io.ratify.examples.server.internal.FileWatcher;
import io.ratify.examples.server.internal.InstrumentedPlugins;
import io.ratify.examples.server.internal.Metrics;
import io.ratify.examples.server.internal.Pem;
import io.ratify.examples.server.internal.ProviderHandler;
import io.ratify.examples.server.internal.ProviderService;
import io.ratify.examples.server.internal.RedisSharedCache;
import io.ratify.examples.server.internal.SharedCache;
import io.ratify.examples.server.internal.VerificationBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratify's Gatekeeper external-data provider, embeddable: {@code POST
 * /ratify/gatekeeper/v1/verify}, {@code …/v1/mutate} and the same under {@code v2}, answering
 * Gatekeeper's {@code ProviderRequest} with a {@code ProviderResponse} (one item per key, in
 * request order); {@code /healthz} and {@code /readyz} on the health address; Prometheus {@code
 * /metrics} on the metrics address.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Every key is answered before the verify (or mutate) timeout; keys still running then carry
 *       a {@code TIMEOUT} error. A slow registry never yields HTTP 500.
 *   <li>TLS 1.3 (or 1.2+ when asked) from PEM files, reloaded when the files change without
 *       dropping open connections; with a client CA, clients without a certificate it signed are
 *       refused at the handshake. Plain HTTP only when no certificate is given, with a warning.
 *   <li>The configuration is reloaded when its file (or directory) changes; an invalid one never
 *       replaces a valid one. Requests finish on the executor they started with.
 *   <li>Verdicts are cached by configuration fingerprint and subject digest; errors and timeouts
 *       are never cached. A shared Redis cache, when given, holds HMAC-authenticated entries; any
 *       Redis failure, slowness or forged entry is a miss.
 * </ul>
 *
 * Create with {@link #builder()}, then {@link #start()}; {@link #close()} stops gracefully.
 */
public final class ProviderServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderServer.class);

  private final Builder options;
  private final Metrics metrics = new Metrics();
  private Server server;
  private ServerConnector api;
  private ServerConnector health;
  private ServerConnector metricsConnector;
  private BackendManager backends;
  private FileWatcher watcher;
  private SharedCache shared;
  private ThreadPoolExecutor workers;
  private SslContextFactory.Server ssl;
  private boolean started;
  private boolean closed;

  private ProviderServer(Builder b) {
    this.options = b;
  }

  /** A builder; {@link Builder#build()} validates every option. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads the configuration, binds the addresses and starts serving. A configuration that does not
   * load leaves the server running but not ready (answers carry a {@code systemError}) until a
   * valid one is written.
   *
   * @return this server
   * @throws IOException when an address cannot be bound or the TLS files cannot be read
   */
  public synchronized ProviderServer start() throws IOException {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    boolean ok = false;
    try {
      startUnchecked();
      ok = true;
      return this;
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot start the provider: " + e.getMessage(), e);
    } finally {
      if (!ok) {
        close();
      }
    }
  }

  private void startUnchecked() throws Exception {
    PluginRegistry plugins =
        InstrumentedPlugins.wrap(
            options.plugins != null ? options.plugins : PluginRegistry.load(), metrics);
    Duration executorBudget = options.verifyTimeout;
    backends =
        new BackendManager(
            new ConfigSource(options.config),
            (path, fp) ->
                options.backendWrapper.apply(
                    ExecutorBackend.create(path, fp, plugins, executorBudget, metrics)),
            metrics);
    backends.reload();
    shared =
        options.redis == null
            ? SharedCache.none()
            : new RedisSharedCache(
                options.redis,
                options.hmacKey,
                options.redisTimeout,
                metrics,
                options.ticker::read);
    AtomicInteger n = new AtomicInteger();
    workers =
        new ThreadPoolExecutor(
            options.workerThreads,
            options.workerThreads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(options.workerThreads * 64),
            r -> {
              Thread t = new Thread(r, "ratify-provider-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    workers.allowCoreThreadTimeOut(true);
    ProviderService service =
        new ProviderService(
            new ProviderService.Settings(
                options.verifyTimeout,
                options.mutateTimeout,
                options.cacheTtl,
                options.deniedCacheTtl != null
                    ? options.deniedCacheTtl
                    : min(options.cacheTtl, Duration.ofSeconds(2)),
                options.tagCacheTtl != null
                    ? options.tagCacheTtl
                    : min(options.cacheTtl, Duration.ofSeconds(3)),
                options.cacheSize,
                options.perRequestConcurrency),
            workers,
            shared,
            metrics,
            options.ticker);
    ProviderHandler handler =
        new ProviderHandler(
            service,
            backends,
            metrics,
            options.maxKeys,
            options.maxBodyBytes,
            !options.disableMutation);

    QueuedThreadPool threads = new QueuedThreadPool(options.httpThreads, 8);
    threads.setName("ratify-http");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    http.setRequestHeaderSize(16 * 1024);
    if (options.certFile != null) {
      ssl = new SslContextFactory.Server();
      ssl.setKeyStore(loadKeyStore());
      ssl.setKeyStorePassword(new String(pemPassword()));
      ssl.setKeyManagerPassword(new String(pemPassword()));
      ssl.setIncludeProtocols(
          options.tlsMinVersion.equals("TLSv1.2")
              ? new String[] {"TLSv1.2", "TLSv1.3"}
              : new String[] {"TLSv1.3"});
      if (options.clientCaFile != null) {
        ssl.setTrustStore(loadTrustStore());
        ssl.setNeedClientAuth(true);
      }
      HttpConfiguration https = new HttpConfiguration(http);
      SecureRequestCustomizer src = new SecureRequestCustomizer();
      src.setSniHostCheck(false); // Gatekeeper dials the Service name; the certificate decides
      https.addCustomizer(src);
      api =
          new ServerConnector(
              server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    } else {
      LOG.warn(
          "no certificate given: serving plain HTTP on {}; Gatekeeper requires HTTPS, use this only"
              + " for local testing",
          options.address.getHostString() + ":" + options.address.getPort());
      api = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    api.setName("api");
    bind(api, options.address);
    api.setIdleTimeout(90_000);
    health = new ServerConnector(server, new HttpConnectionFactory(http));
    health.setName("health");
    bind(health, options.healthAddress);
    List<ServerConnector> connectors = new ArrayList<>(List.of(api, health));
    if (options.metricsAddress != null) {
      metricsConnector = new ServerConnector(server, new HttpConnectionFactory(http));
      metricsConnector.setName("metrics");
      bind(metricsConnector, options.metricsAddress);
      connectors.add(metricsConnector);
    }
    server.setConnectors(connectors.toArray(new ServerConnector[0]));
    handler.connectors(api, health, metricsConnector);
    server.setHandler(new GracefulHandler(handler));
    server.setStopTimeout(options.shutdownTimeout.toMillis());
    server.setStopAtShutdown(false);
    server.start();

    watcher = new FileWatcher();
    watcher.every(options.reloadInterval, backends::reload);
    if (ssl != null) {
      List<Path> tlsFiles = new ArrayList<>(List.of(options.certFile, options.keyFile));
      if (options.clientCaFile != null) {
        tlsFiles.add(options.clientCaFile);
      }
      watcher.watch(
          tlsFiles, FileWatcher.digest(tlsFiles), options.reloadInterval, this::reloadTls);
    }
    LOG.info(
        "Ratify provider listening on {} ({}), health on {}, metrics on {}",
        api.getLocalPort(),
        ssl == null ? "plain HTTP" : "TLS" + (options.clientCaFile != null ? ", mTLS" : ""),
        health.getLocalPort(),
        metricsConnector == null ? health.getLocalPort() : metricsConnector.getLocalPort());
  }

  private boolean reloadTls() {
    try {
      KeyStore ks = loadKeyStore();
      KeyStore ts = options.clientCaFile != null ? loadTrustStore() : null;
      ssl.reload(
          f -> {
            f.setKeyStore(ks);
            if (ts != null) {
              f.setTrustStore(ts);
            }
          });
      metrics.tlsReloads.labelValues("success").inc();
      LOG.info("TLS certificate reloaded from {}", options.certFile);
      return true;
    } catch (Exception e) {
      // half-written secret update, or a bad file: keep serving the old certificate, retry later
      metrics.tlsReloads.labelValues("failure").inc();
      LOG.warn(
          "TLS files changed but cannot be loaded yet ({}); keeping the old certificate",
          e.getMessage());
      return false;
    }
  }

  private static char[] pemPassword() {
    return "ratify-in-memory".toCharArray();
  }

  private KeyStore loadKeyStore() throws IOException {
    return Pem.keyStore(
        Pem.certificates(java.nio.file.Files.readString(options.certFile)),
        Pem.privateKey(java.nio.file.Files.readString(options.keyFile)));
  }

  private KeyStore loadTrustStore() throws IOException {
    return Pem.trustStore(Pem.certificates(java.nio.file.Files.readString(options.clientCaFile)));
  }

  private static void bind(ServerConnector c, InetSocketAddress a) {
    if (!a.getHostString().isEmpty() && !a.getHostString().equals("0.0.0.0")) {
      c.setHost(a.getHostString());
    }
    c.setPort(a.getPort());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The bound port of the API address. */
  public int port() {
    return api.getLocalPort();
  }

  /** The bound port of the health address. */
  public int healthPort() {
    return health.getLocalPort();
  }

  /** The bound port of the metrics address; the health port when metrics share it. */
  public int metricsPort() {
    return metricsConnector == null ? healthPort() : metricsConnector.getLocalPort();
  }

  /** Whether a valid configuration is serving. */
  public boolean ready() {
    return backends != null && backends.ready();
  }

  /**
   * Stops gracefully: stops accepting, lets in-flight requests finish within the shutdown timeout,
   * then closes the executors and the shared cache. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (watcher != null) {
      watcher.close();
    }
    if (server != null) {
      try {
        server.stop();
      } catch (Exception e) {
        LOG.warn("stopping the HTTP server: {}", e.toString());
      }
    }
    if (workers != null) {
      workers.shutdownNow();
    }
    if (backends != null) {
      backends.close();
    }
    if (shared != null) {
      shared.close();
    }
    if (server != null) {
      LOG.info("Ratify provider stopped");
    }
  }

  /**
   * Options of a {@link ProviderServer}. Defaults follow Ratify: API on {@code :6001}, health on
   * {@code :9099}, verify timeout 5 s, mutate timeout 2 s, cache TTL 10 s. {@link #build()} checks
   * every option and throws {@link ErrorCode#CONFIG_INVALID} naming the bad one. Not thread-safe.
   */
  public static final class Builder {
    private Path config;
    private InetSocketAddress address = new InetSocketAddress(6001);
    private InetSocketAddress healthAddress = new InetSocketAddress(9099);
    private InetSocketAddress metricsAddress;
    private Path certFile;
    private Path keyFile;
    private Path clientCaFile;
    private String tlsMinVersion = "TLSv1.3";
    private Duration verifyTimeout = Duration.ofSeconds(5);
    private Duration mutateTimeout = Duration.ofSeconds(2);
    private Duration cacheTtl = Duration.ofSeconds(10);
    private Duration deniedCacheTtl;
    private Duration tagCacheTtl;
    private long cacheSize = 10_000;
    private URI redis;
    private byte[] hmacKey;
    private Duration redisTimeout = Duration.ofMillis(50);
    private boolean disableMutation;
    private int perRequestConcurrency = 8;
    private int workerThreads = 64;
    private int httpThreads = 200;
    private int maxKeys = 1000;
    private int maxBodyBytes = 1 << 20;
    private Duration reloadInterval = Duration.ofSeconds(2);
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private PluginRegistry plugins;
    private Ticker ticker = Ticker.systemTicker();
    private UnaryOperator<VerificationBackend> backendWrapper = UnaryOperator.identity();
    private final List<String> problems = new ArrayList<>();

    private Builder() {}

    /** The configuration file, or a directory of YAML documents (required). */
    public Builder config(Path fileOrDirectory) {
      this.config = fileOrDirectory;
      return this;
    }

    /** The API address, {@code [host]:port}; port 0 picks a free one. Default {@code :6001}. */
    public Builder address(String hostPort) {
      this.address = parseAddress("address", hostPort);
      return this;
    }

    /** The address of {@code /healthz} and {@code /readyz} (plain HTTP). Default {@code :9099}. */
    public Builder healthAddress(String hostPort) {
      this.healthAddress = parseAddress("healthAddress", hostPort);
      return this;
    }

    /** The address of {@code /metrics}; default: served on the health address. */
    public Builder metricsAddress(String hostPort) {
      this.metricsAddress = parseAddress("metricsAddress", hostPort);
      return this;
    }

    /** The PEM certificate chain and private key of the API address; without them, plain HTTP. */
    public Builder tls(Path certFile, Path keyFile) {
      this.certFile = certFile;
      this.keyFile = keyFile;
      return this;
    }

    /** PEM CA certificates; clients must present a certificate they issued (mTLS). */
    public Builder clientCa(Path caFile) {
      this.clientCaFile = caFile;
      return this;
    }

    /** {@code TLSv1.3} (default) or {@code TLSv1.2} (which also allows 1.3). */
    public Builder tlsMinVersion(String version) {
      this.tlsMinVersion = version;
      return this;
    }

    /** The budget of one verify request, 100 ms to 10 min; default 5 s. */
    public Builder verifyTimeout(Duration d) {
      this.verifyTimeout = d;
      return this;
    }

    /** The budget of one mutate request, 100 ms to 10 min; default 2 s. */
    public Builder mutateTimeout(Duration d) {
      this.mutateTimeout = d;
      return this;
    }

    /** How long an allowed verdict is cached, 0 to 1 day (0 disables); default 10 s. */
    public Builder cacheTtl(Duration d) {
      this.cacheTtl = d;
      return this;
    }

    /** How long a denial is cached; default the smaller of the cache TTL and 2 s. */
    public Builder deniedCacheTtl(Duration d) {
      this.deniedCacheTtl = d;
      return this;
    }

    /** How long a tag resolution is cached; default the smaller of the cache TTL and 3 s. */
    public Builder tagCacheTtl(Duration d) {
      this.tagCacheTtl = d;
      return this;
    }

    /** The most entries of each local cache, 1 to 10 million; default 10000. */
    public Builder cacheSize(long n) {
      this.cacheSize = n;
      return this;
    }

    /**
     * A Redis shared by the replicas ({@code redis://[user:password@]host:port[/db]}, {@code
     * rediss://} for TLS), with the HMAC key that authenticates its entries (at least 32 bytes).
     */
    public Builder sharedCache(URI redisUri, byte[] hmacKey) {
      this.redis = redisUri;
      this.hmacKey = hmacKey == null ? null : hmacKey.clone();
      return this;
    }

    /** The most one Redis operation may take before it counts as a miss; default 50 ms. */
    public Builder sharedCacheTimeout(Duration d) {
      this.redisTimeout = d;
      return this;
    }

    /** Turns the mutate paths off. */
    public Builder disableMutation(boolean disable) {
      this.disableMutation = disable;
      return this;
    }

    /** Keys of one request verified at the same time, 1 to 64; default 8. */
    public Builder perRequestConcurrency(int n) {
      this.perRequestConcurrency = n;
      return this;
    }

    /** Threads verifying keys, over all requests, 1 to 1024; default 64. */
    public Builder workerThreads(int n) {
      this.workerThreads = n;
      return this;
    }

    /** The most keys in one request, 1 to 100000; default 1000. */
    public Builder maxKeys(int n) {
      this.maxKeys = n;
      return this;
    }

    /** The most bytes in one request body, 1 KiB to 64 MiB; default 1 MiB. */
    public Builder maxBodyBytes(int n) {
      this.maxBodyBytes = n;
      return this;
    }

    /** How often the configuration and TLS files are checked, 10 ms to 1 h; default 2 s. */
    public Builder reloadInterval(Duration d) {
      this.reloadInterval = d;
      return this;
    }

    /** How long {@link ProviderServer#close()} waits for in-flight requests; default 10 s. */
    public Builder shutdownTimeout(Duration d) {
      this.shutdownTimeout = d;
      return this;
    }

    /** The plugins executors are built from; default those on the class path. */
    public Builder plugins(PluginRegistry registry) {
      this.plugins = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * The clock that ages cache entries and the shared cache's back-off (tests move it instead of
     * sleeping through a TTL). Package-private: not an option for users.
     */
    Builder ticker(Ticker t) {
      this.ticker = Objects.requireNonNull(t, "ticker");
      return this;
    }

    /**
     * Wraps every backend built from a configuration (tests observe and hold the calls the server
     * makes). Package-private: not an option for users.
     */
    Builder wrapBackends(UnaryOperator<VerificationBackend> wrapper) {
      this.backendWrapper = Objects.requireNonNull(wrapper, "wrapper");
      return this;
    }

    private InetSocketAddress parseAddress(String option, String hostPort) {
      if (hostPort == null) {
        problems.add(option + ": missing");
        return null;
      }
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        problems.add(option + ": '" + hostPort + "' is not [host]:port");
        return null;
      }
      String host = hostPort.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        problems.add(option + ": '" + hostPort + "' has no numeric port");
        return null;
      }
      if (port < 0 || port > 65535) {
        problems.add(option + ": port " + port + " is out of range");
        return null;
      }
      return host.isEmpty()
          ? new InetSocketAddress(port)
          : InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * Checks every option and creates the (not yet started) server.
     *
     * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming each bad option
     */
    public ProviderServer build() throws RatifyException {
      List<String> p = new ArrayList<>(problems);
      if (config == null) {
        p.add("config: a configuration file or directory is required");
      }
      if ((certFile == null) != (keyFile == null)) {
        p.add("tls: give both the certificate and the key file");
      }
      if (clientCaFile != null && certFile == null) {
        p.add("clientCa: mTLS needs a server certificate and key");
      }
      if (!"TLSv1.3".equals(tlsMinVersion) && !"TLSv1.2".equals(tlsMinVersion)) {
        p.add("tlsMinVersion: TLSv1.2 or TLSv1.3, got " + tlsMinVersion);
      }
      range(p, "verifyTimeout", verifyTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
      range(p, "mutateTimeout", mutateTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
      range(p, "cacheTtl", cacheTtl, Duration.ZERO, Duration.ofDays(1));
      if (deniedCacheTtl != null) {
        range(p, "deniedCacheTtl", deniedCacheTtl, Duration.ZERO, Duration.ofDays(1));
      }
      if (tagCacheTtl != null) {
        range(p, "tagCacheTtl", tagCacheTtl, Duration.ZERO, Duration.ofHours(1));
      }
      range(p, "sharedCacheTimeout", redisTimeout, Duration.ofMillis(1), Duration.ofSeconds(5));
      range(p, "reloadInterval", reloadInterval, Duration.ofMillis(10), Duration.ofHours(1));
      range(p, "shutdownTimeout", shutdownTimeout, Duration.ZERO, Duration.ofMinutes(10));
      if (cacheSize < 1 || cacheSize > 10_000_000) {
        p.add("cacheSize: 1 to 10000000, got " + cacheSize);
      }
      if (perRequestConcurrency < 1 || perRequestConcurrency > 64) {
        p.add("perRequestConcurrency: 1 to 64, got " + perRequestConcurrency);
      }
      if (workerThreads < 1 || workerThreads > 1024) {
        p.add("workerThreads: 1 to 1024, got " + workerThreads);
      }
      if (maxKeys < 1 || maxKeys > 100_000) {
        p.add("maxKeys: 1 to 100000, got " + maxKeys);
      }
      if (maxBodyBytes < 1024 || maxBodyBytes > 64 << 20) {
        p.add("maxBodyBytes: 1 KiB to 64 MiB, got " + maxBodyBytes);
      }
      if (redis != null) {
        String s = redis.getScheme();
        if ((!"redis".equals(s) && !"rediss".equals(s)) || redis.getHost() == null) {
          p.add(
              "sharedCache: a redis://host:port or rediss://host:port URI is required, got "
                  + redis);
        }
        if (hmacKey == null || hmacKey.length < 32) {
          p.add(
              "sharedCache: an HMAC key of at least 32 bytes is required to authenticate shared"
                  + " entries");
        }
        if (redis.getPath() != null
            && redis.getPath().length() > 1
            && !redis.getPath().substring(1).matches("[0-9]{1,2}")) {
          p.add("sharedCache: the database must be a number, got " + redis.getPath());
        }
      }
      if (!p.isEmpty()) {
        throw new RatifyException(
            ErrorCode.CONFIG_INVALID,
            "invalid provider options: " + String.join("; ", p),
            "fix the options named",
            null);
      }
      return new ProviderServer(this);
    }

    private static void range(List<String> p, String name, Duration d, Duration lo, Duration hi) {
      if (d == null) {
        p.add(name + ": missing");
      } else if (d.compareTo(lo) < 0 || d.compareTo(hi) > 0) {
        p.add(name + ": " + d + " is outside " + lo + " to " + hi);
      }
    }
  }

  @Override
  public String toString() {
    return "ProviderServer[" + (api == null ? "not started" : "port " + port()) + "]";
  }
}
