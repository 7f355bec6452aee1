package io.ratify.notation;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.notation.internal.policy.InvalidTrustPolicyException;
import io.ratify.notation.internal.policy.TrustPolicyDocument;
import io.ratify.notation.internal.policy.TrustStoreRef;
import io.ratify.notation.internal.policy.TrustStoreType;
import io.ratify.notation.internal.revocation.RevocationChecker;
import io.ratify.notation.internal.revocation.RevocationOptions;
import io.ratify.notation.internal.truststore.TrustStoreException;
import io.ratify.notation.internal.truststore.TrustStores;
import io.ratify.notation.internal.verifier.NotationVerifier;
import io.ratify.notation.internal.verifier.VerifierSettings;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What the public single-envelope verifiers' builders collect, validated on build. */
final class TrustMaterial {
  private byte[] policy;
  private final Map<TrustStoreRef, List<X509Certificate>> stores = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private Clock clock = Clock.systemUTC();
  private Duration timeout = NotationEnvelopeVerifier.DEFAULT_TIMEOUT;

  void policy(byte[] json) {
    this.policy = Objects.requireNonNull(json, "trustPolicy").clone();
  }

  void store(String type, String name, List<X509Certificate> certificates) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    List<X509Certificate> certs = List.copyOf(certificates);
    Optional<TrustStoreType> t = TrustStoreType.fromValue(type);
    if (t.isEmpty() || !TrustStoreRef.isValidName(name)) {
      problems.add(
          "trust store \""
              + type
              + ":"
              + name
              + "\" is not a valid store (type ca, signingAuthority or tsa; name of letters,"
              + " digits, '.', '_' or '-')");
      return;
    }
    stores.computeIfAbsent(new TrustStoreRef(t.get(), name), k -> new ArrayList<>()).addAll(certs);
  }

  void clock(Clock c) {
    this.clock = Objects.requireNonNull(c, "clock");
  }

  void timeout(Duration t) {
    this.timeout = Objects.requireNonNull(t, "timeout");
  }

  /** The bound on one verification, positive once {@link #build} has succeeded. */
  Duration timeout() {
    return timeout;
  }

  NotationVerifier build(TrustPolicyDocument.Kind kind) throws RatifyException {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new RatifyException(
          ErrorCode.CONFIG_INVALID,
          "notation: invalid verification settings: the timeout must be positive",
          "set a positive timeout",
          null);
    }
    if (!problems.isEmpty()) {
      throw invalid(problems.get(0));
    }
    if (policy == null) {
      throw invalid("no trust policy document was given");
    }
    TrustPolicyDocument doc;
    try {
      doc = TrustPolicyDocument.fromJson(kind, policy);
    } catch (InvalidTrustPolicyException e) {
      throw invalid(e.getMessage());
    }
    TrustStores ts;
    try {
      ts = TrustStores.ofCertificates(stores);
    } catch (TrustStoreException e) {
      throw invalid(e.getMessage());
    }
    return new NotationVerifier(
        new VerifierSettings(
            NotationVerifier.TYPE,
            Set.of(),
            doc,
            ts,
            clock,
            new RevocationChecker(RevocationOptions.defaults(), clock)));
  }

  private static RatifyException invalid(String why) {
    return new RatifyException(
        ErrorCode.CONFIG_INVALID,
        "notation: invalid verification settings: " + why,
        "fix the trust policy document or the trust stores",
        null);
  }
}
