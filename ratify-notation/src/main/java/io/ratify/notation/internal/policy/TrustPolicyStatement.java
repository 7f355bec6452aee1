package io.ratify.notation.internal.policy;

import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One validated trust policy statement. Trust stores are de-duplicated (as notation's loader does);
 * trusted identities are kept as written, with the {@code x509.subject} ones parsed.
 *
 * @param name the unique statement name
 * @param registryScopes the registry scopes (OCI documents), empty for blob documents
 * @param signatureVerification the effective level and actions
 * @param trustStores the named trust stores, without duplicates
 * @param trustedIdentities the identities as written ({@code *} alone, or prefixed values)
 * @param x509Identities the parsed {@code x509.subject} identities
 * @param globalPolicy whether this is the global statement of a blob document
 */
public record TrustPolicyStatement(
    String name,
    List<String> registryScopes,
    SignatureVerification signatureVerification,
    List<TrustStoreRef> trustStores,
    List<String> trustedIdentities,
    List<TrustedIdentity> x509Identities,
    boolean globalPolicy) {

  /** The wildcard registry scope and trusted identity. */
  public static final String WILDCARD = "*";

  public TrustPolicyStatement {
    Objects.requireNonNull(name, "name");
    registryScopes = List.copyOf(registryScopes);
    Objects.requireNonNull(signatureVerification, "signatureVerification");
    trustStores = List.copyOf(new java.util.LinkedHashSet<>(trustStores));
    trustedIdentities = List.copyOf(trustedIdentities);
    x509Identities = List.copyOf(x509Identities);
  }

  /** The stores of one type, in policy order. */
  public List<TrustStoreRef> trustStores(TrustStoreType type) {
    return trustStores.stream()
        .filter(r -> r.type() == type)
        .collect(Collectors.toUnmodifiableList());
  }

  /** Whether the statement trusts any signer identity. */
  public boolean trustsAnyIdentity() {
    return trustedIdentities.contains(WILDCARD);
  }

  /**
   * The trusted-identity check of notation: the leaf subject (read as Go prints it) must contain
   * every attribute of at least one {@code x509.subject} identity with an equal value.
   *
   * @throws VerificationFailure ({@link Check#TRUSTED_IDENTITY}) when no identity matches
   */
  public void verifyTrustedIdentity(X509Certificate leaf) throws VerificationFailure {
    if (trustsAnyIdentity()) {
      return;
    }
    if (x509Identities.isEmpty()) {
      throw new VerificationFailure(
          Check.TRUSTED_IDENTITY,
          "no x509 trusted identities are configured in the trust policy " + GoText.quote(name));
    }
    DistinguishedName subject;
    try {
      subject = DistinguishedName.ofCertificateSubject(leaf.getSubjectX500Principal());
    } catch (InvalidTrustPolicyException e) {
      throw new VerificationFailure(
          Check.TRUSTED_IDENTITY,
          "error while parsing the certificate subject from the digital signature. error : "
              + GoText.quote(e.getMessage()));
    }
    for (TrustedIdentity identity : x509Identities) {
      if (identity.subject().isSubsetOf(subject)) {
        return;
      }
    }
    String trusted =
        x509Identities.stream()
            .map(i -> i.subject().goQuoted())
            .collect(Collectors.joining(" ", "[", "]"));
    throw new VerificationFailure(
        Check.TRUSTED_IDENTITY,
        "signing certificate from the digital signature does not match the X.509 trusted identities "
            + trusted
            + " defined in the trust policy "
            + GoText.quote(name));
  }
}
