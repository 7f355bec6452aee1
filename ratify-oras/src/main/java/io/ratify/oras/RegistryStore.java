package io.ratify.oras;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.oras.internal.auth.Credential;
import io.ratify.oras.internal.auth.CredentialProvider;
import io.ratify.oras.internal.auth.DockerConfigCredentials;
import io.ratify.oras.internal.auth.StaticCredentials;
import io.ratify.oras.internal.registry.RegistrySettings;
import io.ratify.oras.internal.registry.RegistryStoreImpl;
import io.ratify.spi.RegistryCredentialProvider;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a {@link Store} of type {@code oras} that reads from OCI distribution registries.
 *
 * <p>Guarantees of the stores built here:
 *
 * <ul>
 *   <li>HTTPS with certificate and host name verification (the JVM trust store, so {@code
 *       -Djavax.net.ssl.trustStore} applies, or the one given to {@link Builder#trustStore}); plain
 *       HTTP only after {@link Builder#plainHttp(boolean) plainHttp(true)}. There is no way to turn
 *       verification off.
 *   <li>Credentials go only to the registry they are configured for and to the token service it
 *       names; never to a redirect target on another host (blob storage), never into logs or
 *       messages.
 *   <li>Referrers come from the referrers API, or the tag-schema index where the registry has no
 *       such API; every referrer is returned on one page. A failed, throttled or timed-out listing
 *       is an error, never an empty list.
 *   <li>Fetched content is checked against digest and size, with bounds (4 MiB per manifest, 32 MiB
 *       per blob by default); content is cached by digest, tags and referrer lists for a TTL (10 s
 *       by default).
 * </ul>
 *
 * <pre>{@code
 * Store store = RegistryStore.builder().dockerConfig().build();
 * }</pre>
 */
public final class RegistryStore {
  private RegistryStore() {}

  /**
   * A builder with the defaults: anonymous, HTTPS, caching on with a 10 s TTL.
   *
   * @return a builder with the defaults: anonymous, HTTPS, caching on with a 10 s TTL
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a registry store; {@link #build()} validates everything. Not thread-safe. */
  public static final class Builder {
    private final RegistrySettings.Builder settings = RegistrySettings.builder();
    private final Map<String, Credential> staticCredentials = new LinkedHashMap<>();
    private final List<RegistryCredentialProvider> extraProviders = new ArrayList<>();
    private Optional<Optional<Path>> dockerConfig = Optional.empty();
    private Optional<KeyStore> trustStore = Optional.empty();

    private Builder() {}

    /**
     * The store name reported in results; default {@code oras}.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      settings.name(name);
      return this;
    }

    /**
     * Contact registries over plain {@code http://} instead of HTTPS; default false.
     *
     * @param plainHttp true for plain HTTP
     * @return this builder
     */
    public Builder plainHttp(boolean plainHttp) {
      settings.plainHttp(plainHttp);
      return this;
    }

    /**
     * A user name and password for one registry ({@code host[:port]}), used for Basic and token
     * authentication.
     *
     * @param registry the registry host[:port] the credentials are for
     * @param username the username
     * @param password the password
     * @return this builder
     */
    public Builder credentials(String registry, String username, String password) {
      staticCredentials.put(
          Objects.requireNonNull(registry, "registry"), new Credential(username, password));
      return this;
    }

    /**
     * Also read credentials from the docker config at its usual places: {@code
     * $DOCKER_CONFIG/config.json} (else {@code ~/.docker/config.json}), then podman's {@code
     * $REGISTRY_AUTH_FILE} and {@code $XDG_RUNTIME_DIR/containers/auth.json}.
     *
     * @return this builder
     */
    public Builder dockerConfig() {
      dockerConfig = Optional.of(Optional.empty());
      return this;
    }

    /**
     * Also read credentials from this docker {@code config.json} ({@code auths}, {@code
     * credsStore}, {@code credHelpers}).
     *
     * @param configFile the docker {@code config.json} to read
     * @return this builder
     */
    public Builder dockerConfig(Path configFile) {
      dockerConfig = Optional.of(Optional.of(configFile));
      return this;
    }

    /**
     * Also ask this provider (for example one made by a {@link
     * io.ratify.spi.RegistryCredentialProviderFactory}, such as the Azure workload identity
     * provider of {@code ratify-keyvault}). Providers are asked in order: the {@link #credentials
     * static credentials}, the providers given here, the docker config; the first with a credential
     * for the registry wins, and one that fails ends the lookup with its error.
     *
     * @param provider the provider
     * @return this builder
     */
    public Builder credentialProvider(RegistryCredentialProvider provider) {
      extraProviders.add(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /**
     * Trust these certificates instead of the JVM trust store (verification stays on).
     *
     * @param trusted the trusted CA certificates
     * @return this builder
     */
    public Builder trustStore(KeyStore trusted) {
      trustStore = Optional.of(trusted);
      return this;
    }

    /**
     * Whether to cache at all; default true.
     *
     * @param enabled whether to cache
     * @return this builder
     */
    public Builder cacheEnabled(boolean enabled) {
      settings.cacheEnabled(enabled);
      return this;
    }

    /**
     * How long tag resolutions and referrer lists are kept; default 10 s, zero keeps none.
     *
     * @param ttl the time to live
     * @return this builder
     */
    public Builder cacheTtl(Duration ttl) {
      settings.ttl(ttl);
      return this;
    }

    /**
     * Bound of one manifest, referrers page or tag index; default 4 MiB.
     *
     * @param bytes the bound in bytes
     * @return this builder
     */
    public Builder maxManifestBytes(long bytes) {
      settings.maxManifestBytes(bytes);
      return this;
    }

    /**
     * Bound of one blob; default 32 MiB.
     *
     * @param bytes the bound in bytes
     * @return this builder
     */
    public Builder maxBlobBytes(long bytes) {
      settings.maxBlobBytes(bytes);
      return this;
    }

    /**
     * Bound on opening a connection; default 10 s.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      settings.connectTimeout(timeout);
      return this;
    }

    /**
     * Bound on one request, from sending it to the last body byte; default 30 s. The call's
     * deadline also applies.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      settings.readTimeout(timeout);
      return this;
    }

    /**
     * Retries of a request answered 429, 502, 503 or 504 or cut off mid-answer; default 3, at most
     * 10.
     *
     * @param retries retries after the first attempt
     * @return this builder
     */
    public Builder maxRetries(int retries) {
      settings.maxRetries(retries);
      return this;
    }

    /**
     * The {@code User-Agent} of every request to registries and their token services (Ratify v2's
     * {@code userAgent}); default the JDK HTTP client's.
     *
     * @param userAgent printable ASCII, not blank, at most 256 characters ({@link #build()} checks)
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      settings.userAgent(userAgent);
      return this;
    }

    /**
     * Builds the store.
     *
     * @throws RatifyException with {@link ErrorCode#CONFIG_INVALID} naming the bad setting
     * @return the store
     */
    public Store build() throws RatifyException {
      List<CredentialProvider> providers = new ArrayList<>();
      for (Map.Entry<String, Credential> e : staticCredentials.entrySet()) {
        if (e.getKey().isBlank() || e.getValue().username().isEmpty()) {
          throw new RatifyException(
              ErrorCode.CONFIG_INVALID,
              "registry store credentials need a registry and a user name",
              "fix the store configuration",
              null);
        }
      }
      if (!staticCredentials.isEmpty()) {
        providers.add(new StaticCredentials(staticCredentials));
      }
      extraProviders.forEach(p -> providers.add(CredentialProvider.of(p)));
      dockerConfig.ifPresent(path -> providers.add(new DockerConfigCredentials(path)));
      settings.credentials(CredentialProvider.chain(providers));
      if (trustStore.isPresent()) {
        try {
          TrustManagerFactory tmf =
              TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
          tmf.init(trustStore.get());
          SSLContext ctx = SSLContext.getInstance("TLS");
          ctx.init(null, tmf.getTrustManagers(), null);
          settings.sslContext(ctx);
        } catch (GeneralSecurityException e) {
          throw new RatifyException(
              ErrorCode.CONFIG_INVALID,
              "registry store trust store is unusable",
              "check the trust store",
              e);
        }
      }
      return new RegistryStoreImpl(settings.build());
    }
  }
}
