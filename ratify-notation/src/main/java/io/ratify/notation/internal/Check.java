package io.ratify.notation.internal;

import io.ratify.api.ErrorCode;

/** The Notary Project verification checks, in the order the specification runs them. */
public enum Check {
  INTEGRITY("integrity", ErrorCode.SIGNATURE_INTEGRITY_FAILURE),
  AUTHENTICITY("authenticity", ErrorCode.SIGNATURE_AUTHENTICITY_FAILURE),
  AUTHENTIC_TIMESTAMP("authenticTimestamp", ErrorCode.TIMESTAMP_FAILURE),
  EXPIRY("expiry", ErrorCode.SIGNATURE_EXPIRED),
  REVOCATION("revocation", ErrorCode.REVOCATION_FAILURE),
  TRUSTED_IDENTITY("trustedIdentity", ErrorCode.TRUSTED_IDENTITY_FAILURE);

  private final String policyName;
  private final ErrorCode code;

  Check(String policyName, ErrorCode code) {
    this.policyName = policyName;
    this.code = code;
  }

  /** The name used in trust policy {@code override} maps and in results. */
  public String policyName() {
    return policyName;
  }

  /** The error code a failure of this check reports. */
  public ErrorCode code() {
    return code;
  }
}
