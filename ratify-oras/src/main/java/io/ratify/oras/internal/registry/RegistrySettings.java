package io.ratify.oras.internal.registry;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.internal.parse.MalformedException;
import io.ratify.api.internal.parse.Pem;
import io.ratify.oras.internal.auth.CredentialProvider;
import io.ratify.oras.internal.http.HttpObserver;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Everything a registry store is configured with; validated by {@link Builder#build()}.
 *
 * @param name the store name
 * @param plainHttp contact registries over {@code http://}
 * @param credentials where credentials come from
 * @param cacheEnabled whether anything is cached (content, tags, referrer lists)
 * @param ttl time to live of tag and referrer-list entries; zero disables those two
 * @param contentCacheBytes bound of the content cache
 * @param maxManifestBytes bound of one manifest (and of one referrers page or tag index)
 * @param maxBlobBytes bound of one blob
 * @param connectTimeout bound on opening a connection
 * @param readTimeout bound on one request, from sending it to the last body byte
 * @param maxRetries retries of a request answered 429/502/503/504 or cut off
 * @param maxReferrerPages the most referrers pages read for one listing
 * @param sslContext TLS context; empty for the JVM's default (its trust store)
 * @param observer sees every request
 * @param userAgent the {@code User-Agent} sent with every request; empty for the JDK client's own
 */
public record RegistrySettings(
    String name,
    boolean plainHttp,
    CredentialProvider credentials,
    boolean cacheEnabled,
    Duration ttl,
    long contentCacheBytes,
    long maxManifestBytes,
    long maxBlobBytes,
    Duration connectTimeout,
    Duration readTimeout,
    int maxRetries,
    int maxReferrerPages,
    Optional<SSLContext> sslContext,
    HttpObserver observer,
    Optional<String> userAgent) {

  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
  public static final long DEFAULT_MAX_MANIFEST_BYTES = 4L << 20;
  public static final long DEFAULT_MAX_BLOB_BYTES = 32L << 20;
  public static final long DEFAULT_CONTENT_CACHE_BYTES = 64L << 20;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_RETRIES = 3;
  public static final int DEFAULT_MAX_REFERRER_PAGES = 32;
  static final long HARD_MAX_BYTES = 1L << 30;

  /** The longest PEM text {@link #trustAnchors(String)} reads. */
  public static final int MAX_CA_PEM_CHARS = 256 * 1024;

  private static final int MAX_CA_CERTIFICATES = 64;

  /** The longest {@code User-Agent} accepted. */
  public static final int MAX_USER_AGENT_CHARS = 256;

  // a CA bundle may carry text after its last block (OpenSSL comments), as before
  private static final Pem.Rules CA_PEM_RULES =
      Pem.Rules.DEFAULT.maxBlocks(MAX_CA_CERTIFICATES + 1).allowingTextAfterLastBlock();

  /**
   * A trust store holding the certificates of a PEM bundle (Ratify v2's {@code caPem}): TLS to the
   * registry then trusts exactly these anchors, with host name verification still on.
   *
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} when the text is too long, holds no
   *     certificate or a malformed one
   */
  public static java.security.KeyStore trustAnchors(String pem) throws RatifyException {
    if (pem.length() > MAX_CA_PEM_CHARS) {
      throw invalidCa("is longer than " + MAX_CA_PEM_CHARS + " characters");
    }
    java.util.List<java.security.cert.X509Certificate> certificates;
    try {
      // the parsing kit: strict PEM armour and base64, every certificate strict DER
      certificates = Pem.certificates(pem, CA_PEM_RULES, false);
    } catch (MalformedException e) {
      throw invalidCa("is not a valid PEM certificate bundle: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw invalidCa("holds no PEM CERTIFICATE block");
    }
    if (certificates.size() > MAX_CA_CERTIFICATES) {
      throw invalidCa("holds more than " + MAX_CA_CERTIFICATES + " certificates");
    }
    try {
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      for (int n = 0; n < certificates.size(); n++) {
        ks.setCertificateEntry("ca-" + n, certificates.get(n));
      }
      return ks;
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      throw invalidCa(
          "is not a valid PEM certificate bundle (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static RatifyException invalidCa(String why) {
    return new RatifyException(
        ErrorCode.CONFIG_INVALID,
        "registry store setting 'caPem' " + why,
        "give the registry's CA certificates in PEM",
        null);
  }

  /**
   * Why {@code userAgent} cannot be a {@code User-Agent} header value: blank, longer than {@value
   * #MAX_USER_AGENT_CHARS} characters, or not printable ASCII (which also keeps CR and LF, header
   * injection, out); empty when it can.
   */
  public static Optional<String> userAgentProblem(String userAgent) {
    if (userAgent.isBlank()) {
      return Optional.of("must not be blank");
    }
    if (userAgent.length() > MAX_USER_AGENT_CHARS) {
      return Optional.of("is longer than " + MAX_USER_AGENT_CHARS + " characters");
    }
    if (!userAgent.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
      return Optional.of("must be printable ASCII (no control or non-ASCII characters)");
    }
    return Optional.empty();
  }

  /** A builder with the defaults above, anonymous access and HTTPS. */
  public static Builder builder() {
    return new Builder();
  }

  /** Accumulates settings; {@link #build()} validates them all at once. Not thread-safe. */
  public static final class Builder {
    private String name = "oras";
    private boolean plainHttp;
    private CredentialProvider credentials = CredentialProvider.ANONYMOUS;
    private boolean cacheEnabled = true;
    private Duration ttl = DEFAULT_TTL;
    private long contentCacheBytes = DEFAULT_CONTENT_CACHE_BYTES;
    private long maxManifestBytes = DEFAULT_MAX_MANIFEST_BYTES;
    private long maxBlobBytes = DEFAULT_MAX_BLOB_BYTES;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private int maxReferrerPages = DEFAULT_MAX_REFERRER_PAGES;
    private Optional<SSLContext> sslContext = Optional.empty();
    private HttpObserver observer = HttpObserver.NONE;
    private Optional<String> userAgent = Optional.empty();

    private Builder() {}

    public Builder name(String v) {
      name = Objects.requireNonNull(v, "name");
      return this;
    }

    public Builder plainHttp(boolean v) {
      plainHttp = v;
      return this;
    }

    public Builder credentials(CredentialProvider v) {
      credentials = Objects.requireNonNull(v, "credentials");
      return this;
    }

    public Builder cacheEnabled(boolean v) {
      cacheEnabled = v;
      return this;
    }

    public Builder ttl(Duration v) {
      ttl = Objects.requireNonNull(v, "ttl");
      return this;
    }

    public Builder contentCacheBytes(long v) {
      contentCacheBytes = v;
      return this;
    }

    public Builder maxManifestBytes(long v) {
      maxManifestBytes = v;
      return this;
    }

    public Builder maxBlobBytes(long v) {
      maxBlobBytes = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = Objects.requireNonNull(v, "connectTimeout");
      return this;
    }

    public Builder readTimeout(Duration v) {
      readTimeout = Objects.requireNonNull(v, "readTimeout");
      return this;
    }

    public Builder maxRetries(int v) {
      maxRetries = v;
      return this;
    }

    public Builder maxReferrerPages(int v) {
      maxReferrerPages = v;
      return this;
    }

    public Builder sslContext(SSLContext v) {
      sslContext = Optional.of(v);
      return this;
    }

    public Builder observer(HttpObserver v) {
      observer = Objects.requireNonNull(v, "observer");
      return this;
    }

    public Builder userAgent(String v) {
      userAgent = Optional.of(Objects.requireNonNull(v, "userAgent"));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws RatifyException with {@link ErrorCode#CONFIG_INVALID} naming the first bad setting
     */
    public RegistrySettings build() throws RatifyException {
      if (name.isBlank()) {
        throw invalid("name", "must not be blank");
      }
      if (ttl.isNegative() || ttl.compareTo(Duration.ofDays(1)) > 0) {
        throw invalid("ttl", "must be between 0 and 1 day");
      }
      checkBytes("maxManifestBytes", maxManifestBytes);
      checkBytes("maxBlobBytes", maxBlobBytes);
      if (contentCacheBytes < 0 || contentCacheBytes > 4 * HARD_MAX_BYTES) {
        throw invalid("contentCacheBytes", "must be between 0 and " + 4 * HARD_MAX_BYTES);
      }
      checkTimeout("timeouts.connect", connectTimeout);
      checkTimeout("timeouts.read", readTimeout);
      if (maxRetries < 0 || maxRetries > 10) {
        throw invalid("maxRetries", "must be between 0 and 10");
      }
      if (maxReferrerPages < 1 || maxReferrerPages > 1_000) {
        throw invalid("maxReferrerPages", "must be between 1 and 1000");
      }
      if (userAgent.isPresent()) {
        Optional<String> why = userAgentProblem(userAgent.get());
        if (why.isPresent()) {
          throw invalid("userAgent", why.get());
        }
      }
      return new RegistrySettings(
          name,
          plainHttp,
          credentials,
          cacheEnabled,
          ttl,
          contentCacheBytes,
          maxManifestBytes,
          maxBlobBytes,
          connectTimeout,
          readTimeout,
          maxRetries,
          maxReferrerPages,
          sslContext,
          observer,
          userAgent);
    }

    private static void checkBytes(String field, long v) throws RatifyException {
      if (v < 1 || v > HARD_MAX_BYTES) {
        throw invalid(field, "must be between 1 and " + HARD_MAX_BYTES + " bytes");
      }
    }

    private static void checkTimeout(String field, Duration v) throws RatifyException {
      if (v.compareTo(Duration.ofMillis(1)) < 0 || v.compareTo(Duration.ofHours(1)) > 0) {
        throw invalid(field, "must be between 1 ms and 1 hour");
      }
    }

    private static RatifyException invalid(String field, String why) {
      return new RatifyException(
          ErrorCode.CONFIG_INVALID,
          "registry store setting '" + field + "' " + why,
          "fix the store configuration",
          null);
    }
  }
}
