package io.ratify.notation.internal.verifier;

import io.ratify.notation.internal.policy.TrustPolicyDocument;
import io.ratify.notation.internal.revocation.RevocationChecker;
import io.ratify.notation.internal.truststore.TrustStores;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * A validated notation verifier configuration.
 *
 * @param name the verifier name
 * @param artifactTypes the artifact types this verifier handles
 * @param trustPolicy the trust policy document: OCI for artifacts (the {@code Verifier} contract),
 *     blob for detached blob signatures
 * @param trustStores the named trust stores
 * @param clock the clock for time-dependent checks
 * @param revocation the revocation checker (shared by all verifications, so its caches are)
 */
public record VerifierSettings(
    String name,
    Set<String> artifactTypes,
    TrustPolicyDocument trustPolicy,
    TrustStores trustStores,
    Clock clock,
    RevocationChecker revocation) {
  public VerifierSettings {
    Objects.requireNonNull(name, "name");
    artifactTypes = Set.copyOf(artifactTypes);
    Objects.requireNonNull(trustPolicy, "trustPolicy");
    Objects.requireNonNull(trustStores, "trustStores");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(revocation, "revocation");
  }
}
