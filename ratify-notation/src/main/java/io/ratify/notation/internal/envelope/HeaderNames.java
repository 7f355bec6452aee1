package io.ratify.notation.internal.envelope;

import java.util.Set;

/** Notary Project header names shared by both envelope formats. */
public final class HeaderNames {
  private HeaderNames() {}

  public static final String SIGNING_SCHEME = "io.cncf.notary.signingScheme";
  public static final String SIGNING_TIME = "io.cncf.notary.signingTime";
  public static final String AUTHENTIC_SIGNING_TIME = "io.cncf.notary.authenticSigningTime";
  public static final String EXPIRY = "io.cncf.notary.expiry";
  public static final String VERIFICATION_PLUGIN = "io.cncf.notary.verificationPlugin";
  public static final String VERIFICATION_PLUGIN_MIN_VERSION =
      "io.cncf.notary.verificationPluginMinVersion";
  public static final String SIGNING_AGENT = "io.cncf.notary.signingAgent";
  public static final String TIMESTAMP_SIGNATURE = "io.cncf.notary.timestampSignature";

  /** Notary attributes a verifier understands when they are marked critical. */
  public static final Set<String> UNDERSTOOD_CRITICAL =
      Set.of(
          SIGNING_SCHEME,
          AUTHENTIC_SIGNING_TIME,
          EXPIRY,
          VERIFICATION_PLUGIN,
          VERIFICATION_PLUGIN_MIN_VERSION);
}
