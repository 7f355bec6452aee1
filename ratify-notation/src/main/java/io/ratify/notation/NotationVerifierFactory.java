package io.ratify.notation;

import io.ratify.api.KeyManagementProvider;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Verifier;
import io.ratify.notation.internal.policy.InvalidTrustPolicyException;
import io.ratify.notation.internal.policy.TrustPolicyDocument;
import io.ratify.notation.internal.policy.TrustStoreRef;
import io.ratify.notation.internal.revocation.RevocationChecker;
import io.ratify.notation.internal.revocation.RevocationOptions;
import io.ratify.notation.internal.truststore.TrustStoreException;
import io.ratify.notation.internal.truststore.TrustStores;
import io.ratify.notation.internal.truststore.VerificationCertStores;
import io.ratify.notation.internal.verifier.NotationVerifier;
import io.ratify.notation.internal.verifier.VerifierSettings;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.VerifierFactory;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates the {@code notation} verifier, which verifies Notary Project signatures (JWS and COSE
 * envelopes) as notation does, with Ratify's parameters:
 *
 * <ul>
 *   <li>{@code artifactTypes}: a comma-separated string or a list (default {@code
 *       application/vnd.cncf.notary.signature});
 *   <li>{@code verificationCertStores}: named trust stores filled from key management providers,
 *       either {@code {ca|signingAuthority|tsa: {store: [provider, ...]}}} or the legacy {@code
 *       {store: [provider, ...]}} (meaning {@code ca});
 *   <li>{@code verificationCerts}: certificate files or directories, including notation trust-store
 *       layouts ({@code truststore/x509/<type>/<store>/});
 *   <li>{@code trustPolicyDoc} (required): a trust policy document (version 1.0), inline or as the
 *       path of a JSON file;
 *   <li>{@code revocation} (optional): how OCSP and CRL revocation is checked: {@code timeout} (per
 *       OCSP request and CRL download, e.g. {@code 3s}; default 2 s for OCSP and 5 s for CRLs),
 *       {@code crlCacheDirectory} (verified CRLs kept across restarts, Ratify's {@code crl.cache})
 *       and {@code offline} ({@code true}: answer only from the cache, never from the network).
 * </ul>
 *
 * Every parameter is validated here: a bad value fails with {@code CONFIG_INVALID} naming the
 * field, and every key management provider named must be configured. Certificates are read at
 * verification time, with the request's deadline.
 */
public final class NotationVerifierFactory implements VerifierFactory {
  @Override
  public String type() {
    return NotationVerifier.TYPE;
  }

  /**
   * The parameters this verifier reads; {@code name} is accepted because Ratify's {@code
   * config.json} repeats the plugin name among them.
   */
  static final Set<String> PARAMETERS =
      Set.of(
          "name",
          "artifactTypes",
          "verificationCertStores",
          "verificationCerts",
          "trustPolicyDoc",
          "revocation");

  @Override
  public Verifier create(PluginConfig config, PluginContext context) throws RatifyException {
    config.requireKnownParameters(PARAMETERS);
    List<String> types = config.stringList("artifactTypes");
    if (types.isEmpty()) {
      types = List.of(MediaTypes.NOTARY_SIGNATURE);
    }
    TrustPolicyDocument policy = trustPolicy(config, context);
    Map<TrustStoreRef, List<KeyManagementProvider>> providers = providers(config, context);
    List<Path> certPaths = certPaths(config, context);
    TrustStores stores = new TrustStores(providers, certPaths);
    try {
      stores.checkPaths();
    } catch (TrustStoreException e) {
      throw config.invalid("verificationCerts", e.getMessage());
    }
    RevocationOptions revocation = revocation(config, context);
    return new NotationVerifier(
        new VerifierSettings(
            config.name(),
            new LinkedHashSet<>(types),
            policy,
            stores,
            context.clock(),
            new RevocationChecker(revocation, context.clock())));
  }

  /** The parameter keys of {@code revocation}. */
  static final Set<String> REVOCATION_KEYS = Set.of("timeout", "crlCacheDirectory", "offline");

  private static final Duration MAX_REVOCATION_TIMEOUT = Duration.ofMinutes(1);

  private static RevocationOptions revocation(PluginConfig config, PluginContext context)
      throws RatifyException {
    RevocationOptions options = RevocationOptions.defaults();
    Optional<Map<String, Object>> raw = config.map("revocation");
    if (raw.isEmpty()) {
      return options;
    }
    PluginConfig r = config.nested("revocation", raw.get());
    r.requireKnownParameters(REVOCATION_KEYS);
    Optional<Duration> timeout = r.duration("timeout", ChronoUnit.SECONDS);
    if (timeout.isPresent()) {
      Duration t = timeout.get();
      if (t.isZero() || t.compareTo(MAX_REVOCATION_TIMEOUT) > 0) {
        throw r.invalid("timeout", "must be more than 0 and at most 1m, got " + t);
      }
      options = options.withTimeout(t);
    }
    Optional<String> dir = r.string("crlCacheDirectory");
    if (dir.isPresent()) {
      if (dir.get().isBlank()) {
        throw r.invalid("crlCacheDirectory", "must not be blank");
      }
      Path p = resolve(r, "crlCacheDirectory", dir.get(), context);
      if (Files.exists(p) && !Files.isDirectory(p)) {
        throw r.invalid("crlCacheDirectory", "'" + dir.get() + "' exists and is not a directory");
      }
      options = options.withCrlCacheDirectory(p);
    }
    if (r.bool("offline").orElse(false)) {
      options = options.withOffline(true);
    }
    return options;
  }

  private static TrustPolicyDocument trustPolicy(PluginConfig config, PluginContext context)
      throws RatifyException {
    Object doc =
        config
            .get("trustPolicyDoc")
            .orElseThrow(
                () ->
                    config.invalid(
                        "trustPolicyDoc",
                        "is required: give a trust policy document (version 1.0) or the path of one"));
    try {
      if (doc instanceof String path) {
        return TrustPolicyDocument.fromFile(
            TrustPolicyDocument.Kind.OCI, resolve(config, "trustPolicyDoc", path, context));
      }
      if (doc instanceof Map<?, ?>) {
        return TrustPolicyDocument.fromTree(TrustPolicyDocument.Kind.OCI, doc);
      }
    } catch (InvalidTrustPolicyException e) {
      throw config.invalid("trustPolicyDoc", e.getMessage());
    }
    throw config.invalid(
        "trustPolicyDoc",
        "expected a trust policy document or a file path, got " + PluginConfig.describe(doc));
  }

  private static Map<TrustStoreRef, List<KeyManagementProvider>> providers(
      PluginConfig config, PluginContext context) throws RatifyException {
    Optional<Map<String, Object>> raw = config.map("verificationCertStores");
    if (raw.isEmpty()) {
      return Map.of();
    }
    Map<TrustStoreRef, List<String>> names;
    try {
      names = VerificationCertStores.parse(raw.get());
    } catch (VerificationCertStores.InvalidException e) {
      throw config.invalid("verificationCertStores", e.getMessage());
    }
    Map<TrustStoreRef, List<KeyManagementProvider>> out = new LinkedHashMap<>();
    for (Map.Entry<TrustStoreRef, List<String>> e : names.entrySet()) {
      List<KeyManagementProvider> kmps = new ArrayList<>();
      for (String name : e.getValue()) {
        kmps.add(
            context
                .keyManagementProvider(name)
                .orElseThrow(
                    () ->
                        config.invalid(
                            "verificationCertStores",
                            "trust store "
                                + e.getKey()
                                + " names key management provider '"
                                + name
                                + "', which is not configured; known: "
                                + new TreeSet<>(context.keyManagementProviderNames()))));
      }
      out.put(e.getKey(), List.copyOf(kmps));
    }
    return out;
  }

  private static List<Path> certPaths(PluginConfig config, PluginContext context)
      throws RatifyException {
    List<Path> out = new ArrayList<>();
    for (String p : config.stringList("verificationCerts")) {
      Path path = resolve(config, "verificationCerts", p, context);
      if (!Files.exists(path)) {
        throw config.invalid(
            "verificationCerts", "path '" + p + "' does not exist (resolved to " + path + ")");
      }
      out.add(path);
    }
    return List.copyOf(out);
  }

  private static Path resolve(PluginConfig config, String field, String p, PluginContext context)
      throws RatifyException {
    try {
      String expanded = p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
      return context.baseDirectory().resolve(expanded).normalize();
    } catch (InvalidPathException e) {
      throw config.invalid(field, "'" + p + "' is not a valid path");
    }
  }
}
