package io.ratify.notation.internal.envelope;

import io.ratify.api.MediaTypes;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The Notary Project protected-header rules shared by JWS and COSE (notary-notes §1.1, §1.3–1.5).
 *
 * <p>Deliberate differences from notation-go, each covered by a test:
 *
 * <ul>
 *   <li>An extended attribute marked critical is refused, as the specification requires;
 *       notation-go accepts it unless a verification plugin is named.
 *   <li>The other scheme's time header ({@code signingTime} under signingAuthority, {@code
 *       authenticSigningTime} under x509) is refused in COSE too; notation-go refuses it only in
 *       JWS.
 * </ul>
 *
 * Listing a registered, non-extended header (such as {@code io.cncf.notary.signingTime} or {@code
 * alg}) in {@code crit} is refused in JWS and accepted in COSE, exactly as notation-go does.
 */
final class HeaderRules {
  static final int MAX_CRITICAL = 64;

  private HeaderRules() {}

  static SigningScheme validate(ProtectedHeaders h, boolean jws) throws VerificationFailure {
    String fmt = jws ? "jws" : "cose";
    if (!MediaTypes.NOTARY_PAYLOAD.equals(h.contentType())) {
      throw fail("payload content type \"" + h.contentType() + "\" not supported");
    }
    SigningScheme scheme =
        SigningScheme.fromValue(h.signingScheme())
            .orElseThrow(
                () ->
                    fail(
                        fmt + " envelope: unsupported signingScheme: `" + h.signingScheme() + "`"));
    if (scheme == SigningScheme.X509) {
      if (h.authenticSigningTime().isPresent()) {
        throw fail(
            fmt
                + " envelope: \""
                + HeaderNames.AUTHENTIC_SIGNING_TIME
                + "\" header must not be present for"
                + " notary.x509 signing scheme");
      }
      if (h.signingTime().isEmpty()) {
        throw fail(
            fmt
                + " envelope: \""
                + HeaderNames.SIGNING_TIME
                + "\" header must be present for notary.x509"
                + " signing scheme");
      }
    } else {
      if (h.signingTime().isPresent()) {
        throw fail(
            fmt
                + " envelope: \""
                + HeaderNames.SIGNING_TIME
                + "\" header must not be present for"
                + " notary.x509.signingAuthority signing scheme");
      }
      if (h.authenticSigningTime().isEmpty()) {
        throw fail(
            fmt
                + " envelope: \""
                + HeaderNames.AUTHENTIC_SIGNING_TIME
                + "\" header must be present for"
                + " notary.x509.signingAuthority signing scheme");
      }
    }
    checkCritical(h, scheme, jws, fmt);
    Instant signed =
        scheme == SigningScheme.X509 ? h.signingTime().get() : h.authenticSigningTime().get();
    if (h.expiry().isPresent() && !h.expiry().get().isAfter(signed)) {
      throw fail(
          fmt
              + " envelope: expiry "
              + h.expiry().get()
              + " is not after the signing time "
              + signed);
    }
    blankCheck(h.verificationPlugin(), HeaderNames.VERIFICATION_PLUGIN, fmt);
    blankCheck(h.verificationPluginMinVersion(), HeaderNames.VERIFICATION_PLUGIN_MIN_VERSION, fmt);
    return scheme;
  }

  private static void checkCritical(
      ProtectedHeaders h, SigningScheme scheme, boolean jws, String fmt)
      throws VerificationFailure {
    if (h.critical().isEmpty()) {
      throw fail(fmt + " envelope: missing \"crit\" header");
    }
    if (h.critical().size() > MAX_CRITICAL) {
      throw fail(fmt + " envelope: \"crit\" lists more than " + MAX_CRITICAL + " headers");
    }
    Set<String> seen = new HashSet<>();
    for (String name : h.critical()) {
      if (!seen.add(name)) {
        throw fail(fmt + " envelope: \"" + name + "\" is listed twice in \"crit\"");
      }
      if (!h.present().contains(name)) {
        throw fail(fmt + " envelope: \"" + name + "\" header is marked critical but not present");
      }
      if (HeaderNames.UNDERSTOOD_CRITICAL.contains(name)) {
        continue;
      }
      if (h.registered().contains(name)) {
        if (jws) {
          // notation-go (golang-jwt path) treats a registered header in crit as "not present"; keep
          // its verdict.
          throw fail(fmt + " envelope: \"" + name + "\" header is marked critical but not present");
        }
        continue;
      }
      throw fail(
          fmt
              + " envelope: critical header \""
              + name
              + "\" is not understood: the Notary Project specification"
              + " requires rejecting unknown critical attributes");
    }
    require(seen, HeaderNames.SIGNING_SCHEME, fmt);
    if (h.expiry().isPresent()) {
      require(seen, HeaderNames.EXPIRY, fmt);
    }
    if (scheme == SigningScheme.X509_SIGNING_AUTHORITY) {
      require(seen, HeaderNames.AUTHENTIC_SIGNING_TIME, fmt);
    }
    if (h.verificationPlugin().isPresent()) {
      requirePlugin(seen, HeaderNames.VERIFICATION_PLUGIN, fmt);
    }
    if (h.verificationPluginMinVersion().isPresent()) {
      requirePlugin(seen, HeaderNames.VERIFICATION_PLUGIN_MIN_VERSION, fmt);
    }
  }

  private static void require(Set<String> crit, String name, String fmt)
      throws VerificationFailure {
    if (!crit.contains(name)) {
      throw fail(fmt + " envelope: required header \"" + name + "\" is not marked critical");
    }
  }

  private static void requirePlugin(Set<String> crit, String name, String fmt)
      throws VerificationFailure {
    if (!crit.contains(name)) {
      throw fail(
          fmt
              + " envelope: required attribute \""
              + name
              + "\" is not a critical Extended attribute");
    }
  }

  private static void blankCheck(Optional<String> v, String name, String fmt)
      throws VerificationFailure {
    if (v.isPresent() && v.get().isBlank()) {
      throw fail(fmt + " envelope: \"" + name + "\" must not be blank");
    }
  }

  static VerificationFailure fail(String reason) {
    return new VerificationFailure(Check.INTEGRITY, reason);
  }
}
