package io.ratify.notation.signer;

import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.cbor.CborItem;
import io.ratify.notation.internal.cbor.CborWriter;
import io.ratify.notation.internal.envelope.CoseWriter;
import io.ratify.notation.internal.envelope.HeaderNames;
import io.ratify.notation.internal.envelope.JwsWriter;
import io.ratify.notation.internal.envelope.SignatureAlgorithm;
import io.ratify.notation.internal.envelope.SignaturePrimitives;
import io.ratify.notation.internal.envelope.SignatureTimestamper;
import io.ratify.notation.internal.envelope.SigningScheme;
import io.ratify.notation.internal.timestamp.TsaClient;
import io.ratify.notation.internal.x509.CertificateRules;
import io.ratify.notation.internal.x509.ChainValidity;
import io.ratify.notation.internal.x509.KeySpecs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Makes Notary Project signature envelopes the way notation (notation-go / notation-core-go) does,
 * so that notation and this library verify them alike.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>The signature algorithm is the one the leaf certificate's key implies (RSA 2048/3072/4096 →
 *       PS256/384/512 with salt = hash length, P-256/384/521 → ES256/384/512 in IEEE P1363 form);
 *       other keys are refused by {@link Builder#build()}.
 *   <li>JWS: flattened JSON serialization; protected header keys sorted and payload keys sorted, as
 *       golang-jwt writes them; unpadded base64url; {@code x5c} in standard base64. COSE: tagged
 *       COSE_Sign1, deterministic CBOR map order, times as CBOR tag 1 epoch seconds, the chain as
 *       an x5chain array in the unprotected header, payload keys in Go struct order.
 *   <li>Times are whole seconds in UTC; {@code io.cncf.notary.expiry}, and under the
 *       signing-authority scheme the authentic signing time, are marked critical.
 *   <li>By default the chain must satisfy the Notary Project certificate rules and every
 *       certificate must be valid at signing time, as notation requires when signing. {@link
 *       Builder#validateChain(boolean) validateChain(false)} lifts this so tests can make envelopes
 *       that verifiers must reject.
 * </ul>
 *
 * <p>Timestamping: with {@link Builder#timestampAuthority(URI)}, every {@code notary.x509}
 * signature gets an RFC 3161 countersignature ({@code io.cncf.notary.timestampSignature}) over its
 * raw signature bytes, requested from that TSA over HTTP with the hash of the signature algorithm,
 * bounded by {@link Builder#timestampTimeout(Duration)} (default {@link #DEFAULT_TSA_TIMEOUT}).
 * Without it, no countersignature is added.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class NotationSigner {
  /**
   * The default {@code io.cncf.notary.signingAgent}: {@code ratify-java/} followed by the version
   * of this artifact (for example {@code ratify-java/0.1.0}).
   */
  public static final String DEFAULT_SIGNING_AGENT = "ratify-java/" + artifactVersion();

  /** The artifact version Maven wrote into {@code version.properties} at build time. */
  private static String artifactVersion() {
    java.util.Properties p = new java.util.Properties();
    try (java.io.InputStream in = NotationSigner.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (java.io.IOException e) {
      // fall through: an unreadable resource means an unfiltered build
    }
    String v = p.getProperty("version", "");
    return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
  }

  /** The default bound on one exchange with the TSA. */
  public static final Duration DEFAULT_TSA_TIMEOUT = Duration.ofSeconds(15);

  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

  private final PrivateKey privateKey;
  private final List<X509Certificate> chain;
  private final EnvelopeFormat format;
  private final SigningScheme scheme;
  private final SignatureAlgorithm algorithm;
  private final Optional<String> signingAgent;
  private final Clock clock;
  private final boolean validateChain;
  private final List<ExtendedAttribute> extendedAttributes;
  private final Optional<TsaClient> tsa;

  private NotationSigner(Builder b, SignatureAlgorithm algorithm) {
    this.privateKey = b.privateKey;
    this.chain = List.copyOf(b.chain);
    this.format = b.format;
    this.scheme = b.scheme;
    this.algorithm = algorithm;
    this.signingAgent = b.signingAgent;
    this.clock = b.clock;
    this.validateChain = b.validateChain;
    this.extendedAttributes = List.copyOf(b.extendedAttributes);
    this.tsa = b.tsaUrl.map(u -> new TsaClient(u, b.tsaTimeout));
  }

  /**
   * A new builder: format JWS, scheme {@code notary.x509}, system UTC clock, chain validation on.
   *
   * @return a new builder: format JWS, scheme {@code notary.x509}, system UTC clock, chain
   *     validation on
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The envelope format this signer writes.
   *
   * @return the envelope format this signer writes
   */
  public EnvelopeFormat format() {
    return format;
  }

  /**
   * The media type of the envelopes this signer writes.
   *
   * @return the media type of the envelopes this signer writes
   */
  public String mediaType() {
    return format.mediaType();
  }

  /**
   * Signs {@code target}.
   *
   * @param target the artifact to sign; only media type, digest, size and annotations are signed
   *     (as notation does)
   * @param userMetadata annotations to add to the signed descriptor; a key that the target already
   *     carries with a different value is refused
   * @param expiry when the signature expires, if it does; must be after the signing time
   * @return the envelope bytes, of media type {@link #mediaType()}
   * @throws RatifyException {@code BAD_REQUEST} for a bad request, {@code CERT_INVALID} when a
   *     certificate is not valid at signing time, {@code KEY_INVALID} when the key cannot sign,
   *     {@code TIMESTAMP_FAILURE}, {@code TIMEOUT} or {@code SIZE_LIMIT_EXCEEDED} when a configured
   *     TSA does not deliver a timestamp
   */
  public byte[] sign(Descriptor target, Map<String, String> userMetadata, Optional<Instant> expiry)
      throws RatifyException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(userMetadata, "userMetadata");
    Objects.requireNonNull(expiry, "expiry");
    Instant signingTime = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Optional<Instant> exp = expiry.map(e -> e.truncatedTo(ChronoUnit.SECONDS));
    if (exp.isPresent() && !exp.get().isAfter(signingTime)) {
      throw new RatifyException(
          ErrorCode.BAD_REQUEST,
          "cannot sign: expiry " + exp.get() + " is not after the signing time " + signingTime,
          "choose an expiry in the future",
          null);
    }
    if (validateChain) {
      try {
        ChainValidity.checkValidAt(chain, signingTime);
      } catch (VerificationFailure f) {
        throw new RatifyException(
            ErrorCode.CERT_INVALID,
            "cannot sign: " + f.reason(),
            "sign with a certificate chain that is valid now",
            null);
      }
    }
    Map<String, String> annotations = mergeAnnotations(target, userMetadata);
    SignatureTimestamper timestamper =
        tsa.<SignatureTimestamper>map(
                c -> (sig, alg) -> Optional.of(c.timestamp(sig, alg.jcaHash())))
            .orElse(SignatureTimestamper.NONE);
    try {
      if (format == EnvelopeFormat.JWS) {
        return JwsWriter.write(
            jwsHeader(signingTime, exp),
            jwsPayload(target, annotations),
            privateKey,
            algorithm,
            chain,
            signingAgent,
            timestamper);
      }
      return CoseWriter.write(
          coseHeader(signingTime, exp),
          cosePayload(target, annotations),
          privateKey,
          algorithm,
          chain,
          signingAgent,
          timestamper);
    } catch (GeneralSecurityException e) {
      throw new RatifyException(
          ErrorCode.KEY_INVALID,
          "cannot sign: the private key failed to sign",
          "check the private key",
          e);
    }
  }

  private static Map<String, String> mergeAnnotations(
      Descriptor target, Map<String, String> userMetadata) throws RatifyException {
    Map<String, String> merged = new TreeMap<>(target.annotations());
    for (Map.Entry<String, String> e : userMetadata.entrySet()) {
      String k = Objects.requireNonNull(e.getKey(), "userMetadata key");
      String v = Objects.requireNonNull(e.getValue(), "userMetadata value");
      String old = merged.putIfAbsent(k, v);
      if (old != null && !old.equals(v)) {
        throw new RatifyException(
            ErrorCode.BAD_REQUEST,
            "cannot sign: user metadata key '" + k + "' conflicts with an annotation of the target",
            "use another metadata key",
            null);
      }
    }
    return merged;
  }

  private static byte[] jwsPayload(Descriptor target, Map<String, String> annotations) {
    Map<String, Object> desc = new TreeMap<>();
    if (!annotations.isEmpty()) {
      desc.put("annotations", new TreeMap<>(annotations));
    }
    desc.put("digest", target.digest().toString());
    desc.put("mediaType", target.mediaType());
    desc.put("size", target.size());
    return json(Map.of("targetArtifact", desc));
  }

  private static byte[] cosePayload(Descriptor target, Map<String, String> annotations) {
    Map<String, Object> desc = new LinkedHashMap<>();
    desc.put("mediaType", target.mediaType());
    desc.put("digest", target.digest().toString());
    desc.put("size", target.size());
    if (!annotations.isEmpty()) {
      desc.put("annotations", new TreeMap<>(annotations));
    }
    return json(Map.of("targetArtifact", desc));
  }

  private static byte[] json(Object o) {
    return io.ratify.notation.internal.json.GoJson.write(o).getBytes(StandardCharsets.UTF_8);
  }

  private Map<String, Object> jwsHeader(Instant signingTime, Optional<Instant> expiry) {
    Map<String, Object> h = new TreeMap<>();
    List<Object> crit = new ArrayList<>();
    crit.add(HeaderNames.SIGNING_SCHEME);
    for (ExtendedAttribute a : extendedAttributes) {
      h.put(a.key(), a.value());
      if (a.critical()) {
        crit.add(a.key());
      }
    }
    h.put("alg", algorithm.jwsName());
    h.put("cty", MediaTypes.NOTARY_PAYLOAD);
    h.put(HeaderNames.SIGNING_SCHEME, scheme.value());
    if (scheme == SigningScheme.X509) {
      h.put(HeaderNames.SIGNING_TIME, RFC3339.format(signingTime));
    } else {
      crit.add(HeaderNames.AUTHENTIC_SIGNING_TIME);
      h.put(HeaderNames.AUTHENTIC_SIGNING_TIME, RFC3339.format(signingTime));
    }
    expiry.ifPresent(
        e -> {
          crit.add(HeaderNames.EXPIRY);
          h.put(HeaderNames.EXPIRY, RFC3339.format(e));
        });
    h.put("crit", crit);
    return h;
  }

  private CborItem.CMap coseHeader(Instant signingTime, Optional<Instant> expiry) {
    Map<CborItem, CborItem> h = new LinkedHashMap<>();
    List<CborItem> crit = new ArrayList<>();
    crit.add(CborWriter.text(HeaderNames.SIGNING_SCHEME));
    h.put(CborWriter.integer(1), CborWriter.integer(algorithm.coseLabel()));
    h.put(CborWriter.integer(3), CborWriter.text(MediaTypes.NOTARY_PAYLOAD));
    h.put(CborWriter.text(HeaderNames.SIGNING_SCHEME), CborWriter.text(scheme.value()));
    String timeLabel;
    if (scheme == SigningScheme.X509) {
      timeLabel = HeaderNames.SIGNING_TIME;
    } else {
      timeLabel = HeaderNames.AUTHENTIC_SIGNING_TIME;
      crit.add(CborWriter.text(HeaderNames.AUTHENTIC_SIGNING_TIME));
    }
    h.put(CborWriter.text(timeLabel), epoch(signingTime));
    expiry.ifPresent(
        e -> {
          crit.add(CborWriter.text(HeaderNames.EXPIRY));
          h.put(CborWriter.text(HeaderNames.EXPIRY), epoch(e));
        });
    for (ExtendedAttribute a : extendedAttributes) {
      h.put(CborWriter.text(a.key()), CborWriter.text(a.value()));
      if (a.critical()) {
        crit.add(CborWriter.text(a.key()));
      }
    }
    h.put(CborWriter.integer(2), CborWriter.array(crit));
    return CborWriter.map(h);
  }

  private static CborItem epoch(Instant t) {
    return CborWriter.tagged(1, CborWriter.integer(t.getEpochSecond()));
  }

  /** A signed extended attribute with a string value. */
  private record ExtendedAttribute(String key, String value, boolean critical) {}

  /** Builds a {@link NotationSigner}; {@link #build()} validates everything. Not thread-safe. */
  public static final class Builder {
    private static final int MAX_CHAIN = 10;

    private PrivateKey privateKey;
    private List<X509Certificate> chain = List.of();
    private EnvelopeFormat format = EnvelopeFormat.JWS;
    private SigningScheme scheme = SigningScheme.X509;
    private Optional<String> signingAgent = Optional.of(DEFAULT_SIGNING_AGENT);
    private Clock clock = Clock.systemUTC();
    private boolean validateChain = true;
    private final List<ExtendedAttribute> extendedAttributes = new ArrayList<>();
    private Optional<URI> tsaUrl = Optional.empty();
    private Duration tsaTimeout = DEFAULT_TSA_TIMEOUT;

    private Builder() {}

    /**
     * Timestamps every signature with the RFC 3161 TSA at {@code url} (HTTP POST of {@code
     * application/timestamp-query}); only for the {@code notary.x509} scheme.
     *
     * @param url an absolute {@code http} or {@code https} URL
     * @return this builder
     */
    public Builder timestampAuthority(URI url) {
      this.tsaUrl = Optional.of(Objects.requireNonNull(url, "url"));
      return this;
    }

    /**
     * The bound on one exchange with the TSA (connect, request, reply); default {@link
     * #DEFAULT_TSA_TIMEOUT}.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timestampTimeout(Duration timeout) {
      this.tsaTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * The signing key; it must belong to the first certificate of the chain. Required.
     *
     * @param key the key
     * @return this builder
     */
    public Builder privateKey(PrivateKey key) {
      this.privateKey = Objects.requireNonNull(key, "privateKey");
      return this;
    }

    /**
     * The chain, leaf first, ending with the self-signed root (as notation requires). Required.
     *
     * @param certificates the certificates
     * @return this builder
     */
    public Builder certificateChain(List<X509Certificate> certificates) {
      this.chain = List.copyOf(certificates);
      return this;
    }

    /**
     * The envelope format; default {@link EnvelopeFormat#JWS}.
     *
     * @param f the envelope format
     * @return this builder
     */
    public Builder format(EnvelopeFormat f) {
      this.format = Objects.requireNonNull(f, "format");
      return this;
    }

    /**
     * Signs under the {@code notary.x509.signingAuthority} scheme (a critical authentic signing
     * time; verifiers use {@code signingAuthority} trust stores) instead of the default {@code
     * notary.x509} scheme (an unauthenticated signing time, optionally proven by a timestamp;
     * {@code ca} trust stores).
     *
     * @param signingAuthority whether to use the signing-authority scheme
     * @return this builder
     */
    public Builder signingAuthority(boolean signingAuthority) {
      this.scheme = signingAuthority ? SigningScheme.X509_SIGNING_AUTHORITY : SigningScheme.X509;
      return this;
    }

    /**
     * The unsigned {@code io.cncf.notary.signingAgent}; empty leaves it out. Default {@link
     * #DEFAULT_SIGNING_AGENT}.
     *
     * @param agent the unsigned {@code io.cncf.notary.signingAgent}
     * @return this builder
     */
    public Builder signingAgent(Optional<String> agent) {
      this.signingAgent = Objects.requireNonNull(agent, "signingAgent");
      return this;
    }

    /**
     * The clock that gives the signing time; default the system UTC clock.
     *
     * @param c the clock that gives the signing time
     * @return this builder
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Whether {@link #build()} and {@link #sign} check the chain against the Notary Project
     * certificate rules and the signing time against certificate validity (default {@code true}).
     * Turn off only to make invalid test envelopes.
     *
     * @param validate whether {@link #build()} and {@link #sign} check the chain against the Notary
     *     Project
     * @return this builder
     */
    public Builder validateChain(boolean validate) {
      this.validateChain = validate;
      return this;
    }

    /**
     * Adds a signed extended attribute with a string value, optionally critical. Verifiers that
     * follow the specification (this library among them) reject critical attributes they do not
     * understand.
     *
     * @param key the key
     * @param value the value
     * @param critical the critical
     * @return this builder
     */
    public Builder extendedAttribute(String key, String value, boolean critical) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      extendedAttributes.add(new ExtendedAttribute(key, value, critical));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws RatifyException {@code KEY_INVALID} when the key is missing, unsupported or does not
     *     match the leaf; {@code CERT_INVALID} when the chain is empty, too long or breaks the
     *     certificate rules; {@code BAD_REQUEST} for a clashing extended attribute
     * @return the signer
     */
    public NotationSigner build() throws RatifyException {
      if (privateKey == null) {
        throw new RatifyException(
            ErrorCode.KEY_INVALID, "signer: no private key", "set privateKey(...)", null);
      }
      if (chain.isEmpty() || chain.size() > MAX_CHAIN) {
        throw new RatifyException(
            ErrorCode.CERT_INVALID,
            "signer: the certificate chain has " + chain.size() + " certificates",
            "give the chain leaf first, 1 to " + MAX_CHAIN + " certificates, ending with the root",
            null);
      }
      KeySpecs.Result spec = KeySpecs.algorithmFor(chain.get(0).getPublicKey());
      if (spec.algorithm().isEmpty()) {
        throw new RatifyException(
            ErrorCode.KEY_INVALID,
            "signer: the leaf certificate key is not supported: " + spec.problem(),
            "use RSA 2048/3072/4096 or EC P-256/P-384/P-521",
            null);
      }
      SignatureAlgorithm alg = spec.algorithm().get();
      if (!keyMatchesLeaf(alg)) {
        throw new RatifyException(
            ErrorCode.KEY_INVALID,
            "signer: the private key does not belong to the leaf certificate",
            "give the key of the first certificate in the chain",
            null);
      }
      if (validateChain) {
        try {
          CertificateRules.validateCodeSigningChain(chain);
        } catch (VerificationFailure f) {
          throw new RatifyException(
              ErrorCode.CERT_INVALID,
              "signer: the certificate chain breaks the Notary Project rules: " + f.reason(),
              "fix the certificates, or validateChain(false) for test envelopes",
              null);
        }
      }
      if (tsaUrl.isPresent()) {
        if (scheme != SigningScheme.X509) {
          throw new RatifyException(
              ErrorCode.BAD_REQUEST,
              "signer: a timestamp countersignature applies to the notary.x509 scheme only",
              "sign with the notary.x509 scheme, or without a TSA",
              null);
        }
        if (tsaTimeout.isNegative() || tsaTimeout.isZero()) {
          throw new RatifyException(
              ErrorCode.BAD_REQUEST,
              "signer: the TSA timeout must be positive",
              "set a positive timestampTimeout",
              null);
        }
        try {
          new TsaClient(tsaUrl.get(), tsaTimeout);
        } catch (IllegalArgumentException e) {
          throw new RatifyException(
              ErrorCode.BAD_REQUEST,
              "signer: " + e.getMessage(),
              "give the TSA as an absolute http(s) URL",
              null);
        }
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (ExtendedAttribute a : extendedAttributes) {
        if (a.key().isEmpty()
            || a.key().startsWith("io.cncf.notary.")
            || RESERVED.contains(a.key())
            || !seen.add(a.key())) {
          throw new RatifyException(
              ErrorCode.BAD_REQUEST,
              "signer: extended attribute '" + a.key() + "' is empty, reserved or repeated",
              "choose another attribute name",
              null);
        }
      }
      return new NotationSigner(this, alg);
    }

    private static final java.util.Set<String> RESERVED =
        java.util.Set.of("alg", "cty", "crit", "x5c", "kid");

    private boolean keyMatchesLeaf(SignatureAlgorithm alg) {
      byte[] probe = "notation-signer key probe".getBytes(StandardCharsets.US_ASCII);
      try {
        byte[] sig = SignaturePrimitives.sign(privateKey, alg, probe);
        return SignaturePrimitives.verify(chain.get(0).getPublicKey(), alg, probe, sig);
      } catch (GeneralSecurityException | RuntimeException e) {
        return false;
      }
    }
  }
}
