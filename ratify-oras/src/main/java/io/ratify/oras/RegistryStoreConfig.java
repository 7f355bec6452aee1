package io.ratify.oras;

import io.ratify.api.RatifyException;
import io.ratify.oras.internal.registry.RegistrySettings;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import io.ratify.spi.TypedPluginConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed configuration of the {@code oras} store, which reads subjects and their referrers from
 * OCI distribution registries (the referrers API, else the tag-schema fallback).
 *
 * <pre>{@code
 * RegistryStoreConfig.builder().auth(Auth.dockerConfig()).cacheTtl(Duration.ofSeconds(30)).build()
 * }</pre>
 *
 * <p>Immutable; renders to Ratify's store parameters ({@code useHttp}, {@code authProvider}, {@code
 * cacheEnabled}, {@code ttl}, {@code maxManifestBytes}, {@code maxBlobBytes}, {@code timeouts},
 * {@code maxRetries}, {@code userAgent}), leaving out what was not set so the store's defaults
 * apply. {@link #toString()} never shows a password or identity token.
 */
public final class RegistryStoreConfig implements TypedPluginConfig {
  private static final long MAX_BYTES = 1L << 30;

  /** Where the store takes registry credentials from. */
  public sealed interface Auth {
    /**
     * Docker's {@code config.json} in its usual place ({@code auths}, {@code credsStore}, {@code
     * credHelpers}); the default.
     *
     * @return the provider
     */
    static Auth dockerConfig() {
      return new DockerConfig(Optional.empty());
    }

    /**
     * Docker's {@code config.json} at {@code configFile}.
     *
     * @param configFile the file; a relative path resolves against the configuration's directory
     * @return the provider
     */
    static Auth dockerConfig(Path configFile) {
      return new DockerConfig(Optional.of(configFile));
    }

    /**
     * A user name and password for one registry (Basic, or exchanged for a bearer token).
     *
     * @param registry the registry {@code host[:port]} the credentials are for
     * @param username the user name
     * @param password the password
     * @return the provider
     */
    static Auth credentials(String registry, String username, String password) {
      return new Static(registry, username, password);
    }

    /**
     * An identity (OAuth2 refresh) token for one registry, exchanged at the token service the
     * registry names ({@code grant_type=refresh_token}); what Ratify v2 makes of a static
     * credential with an empty user name.
     *
     * @param registry the registry {@code host[:port]} the token is for
     * @param token the identity token
     * @return the provider
     */
    static Auth identityToken(String registry, String token) {
      return new IdentityToken(registry, token);
    }

    /**
     * No credentials.
     *
     * @return the provider
     */
    static Auth anonymous() {
      return new Anonymous();
    }
  }

  /**
   * Docker's {@code config.json}.
   *
   * @param configFile the file; empty for the usual place
   */
  public record DockerConfig(Optional<Path> configFile) implements Auth {
    /**
     * Canonical constructor: checks the component.
     *
     * @param configFile the file; empty for the usual place
     */
    public DockerConfig {
      Objects.requireNonNull(configFile, "configFile");
    }
  }

  /**
   * Credentials for one registry.
   *
   * @param registry the registry {@code host[:port]}
   * @param username the user name
   * @param password the password
   */
  public record Static(String registry, String username, String password) implements Auth {
    /**
     * Canonical constructor: checks the components.
     *
     * @param registry the registry {@code host[:port]}
     * @param username the user name
     * @param password the password
     */
    public Static {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    /** Shows the registry and the user, never the password. */
    @Override
    public String toString() {
      return "Static[registry=" + registry + ", username=" + username + ", password=***]";
    }
  }

  /**
   * An identity (refresh) token for one registry.
   *
   * @param registry the registry {@code host[:port]}
   * @param token the identity token
   */
  public record IdentityToken(String registry, String token) implements Auth {
    /**
     * Canonical constructor: checks the components.
     *
     * @param registry the registry {@code host[:port]}
     * @param token the identity token
     */
    public IdentityToken {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(token, "token");
    }

    /** Shows the registry, never the token. */
    @Override
    public String toString() {
      return "IdentityToken[registry=" + registry + ", token=***]";
    }
  }

  /** No credentials. */
  public record Anonymous() implements Auth {}

  private final Builder b;

  private RegistryStoreConfig(Builder b) {
    this.b = b.copy();
  }

  /**
   * A builder with nothing set: the store's defaults apply (docker credentials, HTTPS, caching with
   * a 10 s TTL, 3 retries).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public PluginConfig toPluginConfig() {
    Map<String, Object> p = new LinkedHashMap<>();
    b.useHttp.ifPresent(v -> p.put("useHttp", v));
    b.auth.ifPresent(a -> p.put("authProvider", render(a)));
    b.cacheEnabled.ifPresent(v -> p.put("cacheEnabled", v));
    b.ttl.ifPresent(v -> p.put("ttl", duration(v)));
    b.maxManifestBytes.ifPresent(v -> p.put("maxManifestBytes", OciLayoutStoreConfig.number(v)));
    b.maxBlobBytes.ifPresent(v -> p.put("maxBlobBytes", OciLayoutStoreConfig.number(v)));
    if (b.connectTimeout.isPresent() || b.readTimeout.isPresent()) {
      Map<String, Object> t = new LinkedHashMap<>();
      b.connectTimeout.ifPresent(v -> t.put("connect", duration(v)));
      b.readTimeout.ifPresent(v -> t.put("read", duration(v)));
      p.put("timeouts", t);
    }
    b.maxRetries.ifPresent(v -> p.put("maxRetries", v));
    b.userAgent.ifPresent(v -> p.put("userAgent", v));
    return PluginConfig.of(PluginKind.STORE, b.name, "oras", p);
  }

  private static Map<String, Object> render(Auth a) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (a instanceof DockerConfig d) {
      m.put("name", "dockerConfig");
      d.configFile().ifPresent(f -> m.put("configPath", f.toString()));
    } else if (a instanceof Static s) {
      m.put("name", "static");
      m.put("registry", s.registry());
      m.put("username", s.username());
      m.put("password", s.password());
    } else if (a instanceof IdentityToken t) {
      m.put("name", "static");
      m.put("registry", t.registry());
      m.put("identityToken", t.token());
    } else {
      m.put("name", "anonymous");
    }
    return m;
  }

  /** Go's duration spelling in its largest whole unit: {@code 1h}, {@code 30s}, {@code 1500ms}. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  @Override
  public String toString() {
    PluginConfig c = toPluginConfig();
    Map<String, Object> shown = new LinkedHashMap<>(c.parameters());
    b.auth.ifPresent(a -> shown.put("authProvider", a.toString()));
    return "RegistryStoreConfig[" + c.name() + ", " + shown + "]";
  }

  /** Assembles the configuration; {@link #build()} validates it. Not thread-safe. */
  public static final class Builder {
    private String name = "oras";
    private Optional<Boolean> useHttp = Optional.empty();
    private Optional<Auth> auth = Optional.empty();
    private Optional<Boolean> cacheEnabled = Optional.empty();
    private Optional<Duration> ttl = Optional.empty();
    private Optional<Long> maxManifestBytes = Optional.empty();
    private Optional<Long> maxBlobBytes = Optional.empty();
    private Optional<Duration> connectTimeout = Optional.empty();
    private Optional<Duration> readTimeout = Optional.empty();
    private Optional<Integer> maxRetries = Optional.empty();
    private Optional<String> userAgent = Optional.empty();

    private Builder() {}

    private Builder copy() {
      Builder c = new Builder();
      c.name = name;
      c.useHttp = useHttp;
      c.auth = auth;
      c.cacheEnabled = cacheEnabled;
      c.ttl = ttl;
      c.maxManifestBytes = maxManifestBytes;
      c.maxBlobBytes = maxBlobBytes;
      c.connectTimeout = connectTimeout;
      c.readTimeout = readTimeout;
      c.maxRetries = maxRetries;
      c.userAgent = userAgent;
      return c;
    }

    /**
     * The store name in reports; default {@code oras}.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Plain {@code http://} instead of HTTPS (Ratify's {@code useHttp}); default false.
     *
     * @param plainHttp true for plain HTTP
     * @return this builder
     */
    public Builder plainHttp(boolean plainHttp) {
      this.useHttp = Optional.of(plainHttp);
      return this;
    }

    /**
     * Where credentials come from; default {@link Auth#dockerConfig()}.
     *
     * @param auth the credential source
     * @return this builder
     */
    public Builder auth(Auth auth) {
      this.auth = Optional.of(Objects.requireNonNull(auth, "auth"));
      return this;
    }

    /**
     * Whether to cache at all; default true.
     *
     * @param enabled whether to cache
     * @return this builder
     */
    public Builder cacheEnabled(boolean enabled) {
      this.cacheEnabled = Optional.of(enabled);
      return this;
    }

    /**
     * How long tag resolutions and referrer lists are kept; default 10 s, zero keeps none.
     *
     * @param ttl zero or more, whole milliseconds
     * @return this builder
     */
    public Builder cacheTtl(Duration ttl) {
      this.ttl = Optional.of(Objects.requireNonNull(ttl, "ttl"));
      return this;
    }

    /**
     * The bound of one manifest, referrers page or tag index; default 4 MiB.
     *
     * @param bytes 1 byte to 1 GiB
     * @return this builder
     */
    public Builder maxManifestBytes(long bytes) {
      this.maxManifestBytes = Optional.of(bytes);
      return this;
    }

    /**
     * The bound of one blob; default 32 MiB.
     *
     * @param bytes 1 byte to 1 GiB
     * @return this builder
     */
    public Builder maxBlobBytes(long bytes) {
      this.maxBlobBytes = Optional.of(bytes);
      return this;
    }

    /**
     * The bound on opening a connection; default 10 s.
     *
     * @param timeout more than zero, at most one hour
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Optional.of(Objects.requireNonNull(timeout, "timeout"));
      return this;
    }

    /**
     * The bound on one request; default 30 s.
     *
     * @param timeout more than zero, at most one hour
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Optional.of(Objects.requireNonNull(timeout, "timeout"));
      return this;
    }

    /**
     * Retries after the first attempt of an idempotent request; default 3.
     *
     * @param retries 0 to 10
     * @return this builder
     */
    public Builder maxRetries(int retries) {
      this.maxRetries = Optional.of(retries);
      return this;
    }

    /**
     * The {@code User-Agent} of every request to the registry and its token service (Ratify v2's
     * {@code userAgent}); default the JDK HTTP client's.
     *
     * @param userAgent printable ASCII, not blank, at most 256 characters
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      this.userAgent = Optional.of(Objects.requireNonNull(userAgent, "userAgent"));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the configuration
     * @throws RatifyException {@link io.ratify.api.ErrorCode#CONFIG_INVALID} naming the setting
     *     that is out of range, or a blank name, registry, user name or identity token, or a {@code
     *     userAgent} that is not printable ASCII of at most 256 characters
     */
    public RegistryStoreConfig build() throws RatifyException {
      String what = "oras store '" + name + "'";
      if (name.isBlank()) {
        throw OciLayoutStoreConfig.invalid("oras store", "the name is blank");
      }
      if (auth.isPresent() && auth.get() instanceof Static s) {
        if (s.registry().isBlank() || s.username().isBlank()) {
          throw OciLayoutStoreConfig.invalid(what, "credentials need a registry and a user name");
        }
      }
      if (auth.isPresent() && auth.get() instanceof IdentityToken t) {
        if (t.registry().isBlank() || t.token().isBlank()) {
          throw OciLayoutStoreConfig.invalid(
              what, "an identity token needs a registry and a non-blank token");
        }
      }
      if (userAgent.isPresent()) {
        Optional<String> why = RegistrySettings.userAgentProblem(userAgent.get());
        if (why.isPresent()) {
          throw OciLayoutStoreConfig.invalid(what, "userAgent " + why.get());
        }
      }
      if (ttl.isPresent() && (ttl.get().isNegative() || ttl.get().toNanos() % 1_000_000 != 0)) {
        throw OciLayoutStoreConfig.invalid(
            what, "cacheTtl must be zero or more, in whole milliseconds");
      }
      for (Optional<Long> n : java.util.List.of(maxManifestBytes, maxBlobBytes)) {
        if (n.isPresent() && (n.get() < 1 || n.get() > MAX_BYTES)) {
          throw OciLayoutStoreConfig.invalid(
              what, "size bounds must be between 1 and " + MAX_BYTES);
        }
      }
      for (Optional<Duration> t : java.util.List.of(connectTimeout, readTimeout)) {
        if (t.isPresent()
            && (t.get().isNegative()
                || t.get().isZero()
                || t.get().compareTo(Duration.ofHours(1)) > 0
                || t.get().toNanos() % 1_000_000 != 0)) {
          throw OciLayoutStoreConfig.invalid(
              what, "timeouts must be more than 0 and at most 1 hour, in whole milliseconds");
        }
      }
      if (maxRetries.isPresent() && (maxRetries.get() < 0 || maxRetries.get() > 10)) {
        throw OciLayoutStoreConfig.invalid(what, "maxRetries must be between 0 and 10");
      }
      return new RegistryStoreConfig(this);
    }
  }
}
