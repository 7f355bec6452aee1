package io.ratify.notation.internal.truststore;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.KeyManagementProvider;
import io.ratify.api.KeyMaterial;
import io.ratify.api.RatifyException;
import io.ratify.notation.internal.policy.GoText;
import io.ratify.notation.internal.policy.TrustStoreRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The named trust stores of one verifier, resolved as Ratify resolves them:
 *
 * <ol>
 *   <li>a store listed in {@code verificationCertStores} holds exactly the certificates its key
 *       management providers return at verification time (fetched with the request deadline);
 *   <li>otherwise the store is looked up in every {@code verificationCerts} path that has
 *       notation's layout ({@code x509/<type>/<name>/}), with notation's rules, and every other
 *       {@code verificationCerts} path (a file, or a directory of certificate files) contributes
 *       its certificates to every store, as in Ratify.
 * </ol>
 *
 * Certificates that cannot be trust anchors (neither CA nor self-signed; for {@code tsa}, not a
 * self-signed root) are dropped from provider and plain-path material, as Ratify does, and refused
 * in notation layouts, as notation does. A store with no usable certificate is an error. Immutable
 * and thread-safe.
 */
public final class TrustStores {
  private static final int MAX_WALK_DEPTH = 8;
  private static final int MAX_PLAIN_FILES = 1024;

  private final Map<TrustStoreRef, List<KeyManagementProvider>> providers;
  private final List<TrustStoreDirectory> layouts;
  private final List<Path> plainPaths;
  private final Map<TrustStoreRef, List<X509Certificate>> fixed;

  /**
   * @param providers the providers of each store listed in {@code verificationCertStores}
   * @param certPaths the {@code verificationCerts} paths
   */
  public TrustStores(
      Map<TrustStoreRef, List<KeyManagementProvider>> providers, List<Path> certPaths) {
    Map<TrustStoreRef, List<KeyManagementProvider>> copy = new LinkedHashMap<>();
    providers.forEach((k, v) -> copy.put(Objects.requireNonNull(k), List.copyOf(v)));
    this.providers = java.util.Collections.unmodifiableMap(copy);
    List<TrustStoreDirectory> l = new ArrayList<>();
    List<Path> p = new ArrayList<>();
    for (Path path : certPaths) {
      TrustStoreDirectory.find(path).ifPresentOrElse(l::add, () -> p.add(path));
    }
    this.layouts = List.copyOf(l);
    this.plainPaths = List.copyOf(p);
    this.fixed = Map.of();
  }

  private TrustStores(Map<TrustStoreRef, List<X509Certificate>> fixed) {
    this.providers = Map.of();
    this.layouts = List.of();
    this.plainPaths = List.of();
    this.fixed = fixed;
  }

  /**
   * Named stores holding exactly the given certificates, checked with notation's rules now.
   *
   * @param stores the certificates of each store
   * @return the stores
   * @throws TrustStoreException when a store is empty or a certificate cannot be in its store (for
   *     {@code tsa}: not a self-signed root CA)
   */
  public static TrustStores ofCertificates(Map<TrustStoreRef, List<X509Certificate>> stores)
      throws TrustStoreException {
    Map<TrustStoreRef, List<X509Certificate>> copy = new LinkedHashMap<>();
    for (Map.Entry<TrustStoreRef, List<X509Certificate>> e : stores.entrySet()) {
      TrustStoreRef ref = Objects.requireNonNull(e.getKey(), "store");
      List<X509Certificate> certs = List.copyOf(e.getValue());
      if (certs.isEmpty()) {
        throw new TrustStoreException(
            "no x509 certificates were given for trust store "
                + GoText.quote(ref.name())
                + " of type "
                + GoText.quote(ref.type().value()));
      }
      for (X509Certificate c : certs) {
        java.util.Optional<String> problem = TrustAnchors.problem(ref.type(), c);
        if (problem.isPresent()) {
          throw new TrustStoreException(
              "failed to validate a trusted certificate of trust store "
                  + GoText.quote(ref.name())
                  + " of type "
                  + GoText.quote(ref.type().value())
                  + ": "
                  + problem.get());
        }
      }
      copy.put(ref, certs);
    }
    return new TrustStores(java.util.Collections.unmodifiableMap(copy));
  }

  /**
   * The certificates of a named store.
   *
   * @throws TrustStoreException when the store does not exist, breaks a rule or has no usable
   *     certificate
   * @throws RatifyException when a key management provider cannot be read (including a passed
   *     deadline)
   */
  public List<X509Certificate> certificates(TrustStoreRef ref, Deadline deadline)
      throws TrustStoreException, RatifyException {
    List<X509Certificate> given = fixed.get(ref);
    if (given != null) {
      return given;
    }
    List<KeyManagementProvider> kmps = providers.get(ref);
    if (kmps != null) {
      return fromProviders(ref, kmps, deadline);
    }
    List<X509Certificate> out = new ArrayList<>();
    boolean found = false;
    for (TrustStoreDirectory layout : layouts) {
      if (layout.contains(ref)) {
        found = true;
        out.addAll(layout.certificates(ref));
      }
    }
    if (!plainPaths.isEmpty()) {
      found = true;
      out.addAll(usable(ref, fromPlainPaths()));
    }
    if (!found) {
      throw new TrustStoreException(
          "the trust store "
              + GoText.quote(ref.name())
              + " of type "
              + GoText.quote(ref.type().value())
              + " does not exist");
    }
    if (out.isEmpty()) {
      throw new TrustStoreException(
          "no usable certificates were found for trust store "
              + GoText.quote(ref.name())
              + " of type "
              + GoText.quote(ref.type().value()));
    }
    return List.copyOf(out);
  }

  private List<X509Certificate> fromProviders(
      TrustStoreRef ref, List<KeyManagementProvider> kmps, Deadline deadline)
      throws TrustStoreException, RatifyException {
    List<X509Certificate> out = new ArrayList<>();
    for (KeyManagementProvider kmp : kmps) {
      deadline.check("fetching certificates from key management provider '" + kmp.name() + "'");
      KeyMaterial material;
      try {
        material = kmp.fetch(deadline);
      } catch (RuntimeException e) {
        throw new RatifyException(
            ErrorCode.KEY_MANAGEMENT_PROVIDER_FAILURE,
            "key management provider '" + kmp.name() + "' failed while filling trust store " + ref,
            e);
      }
      List<X509Certificate> certs = material.enabledCertificates();
      if (certs.isEmpty()) {
        throw new TrustStoreException(
            "key management provider "
                + GoText.quote(kmp.name())
                + " returned no enabled certificates for trust store "
                + GoText.quote(ref.name())
                + " of type "
                + GoText.quote(ref.type().value()));
      }
      out.addAll(usable(ref, certs));
    }
    if (out.isEmpty()) {
      throw new TrustStoreException(
          "no certificates usable as trust anchors were fetched for trust store "
              + GoText.quote(ref.name())
              + " of type "
              + GoText.quote(ref.type().value())
              + " (a trust store holds CA or self-signed certificates, and tsa stores hold root certificates)");
    }
    return out;
  }

  private static List<X509Certificate> usable(TrustStoreRef ref, List<X509Certificate> certs) {
    return certs.stream().filter(c -> TrustAnchors.problem(ref.type(), c).isEmpty()).toList();
  }

  private List<X509Certificate> fromPlainPaths() throws TrustStoreException {
    List<X509Certificate> out = new ArrayList<>();
    for (Path path : plainPaths) {
      for (Path file : files(path)) {
        try {
          out.addAll(CertificateFiles.read(file));
        } catch (IOException | CertificateException e) {
          throw new TrustStoreException(
              "failed to read the certificate file "
                  + file
                  + " of verificationCerts: "
                  + e.getMessage());
        }
      }
    }
    return out;
  }

  private static List<Path> files(Path path) throws TrustStoreException {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new TrustStoreException("the verificationCerts path " + path + " does not exist");
    }
    try (Stream<Path> walk = Files.walk(path, MAX_WALK_DEPTH)) {
      List<Path> files =
          walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .limit(MAX_PLAIN_FILES + 1L)
              .sorted()
              .toList();
      if (files.size() > MAX_PLAIN_FILES) {
        throw new TrustStoreException(
            "the verificationCerts path " + path + " has more than " + MAX_PLAIN_FILES + " files");
      }
      return files;
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new TrustStoreException(
          "the verificationCerts path " + path + " could not be read: " + e.getMessage());
    }
  }

  /**
   * Checks every {@code verificationCerts} path once, so a broken configuration fails at startup.
   */
  public void checkPaths() throws TrustStoreException {
    fromPlainPaths();
  }
}
