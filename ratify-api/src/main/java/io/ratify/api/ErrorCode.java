package io.ratify.api;

/**
 * Stable error codes. Names are part of the public contract: they reuse Ratify's code names where
 * Ratify has one, and are never renamed or renumbered. Report and log consumers may match on {@link
 * #name()}.
 */
public enum ErrorCode {
  // general (Ratify names)
  /** Unknown error. */
  UNKNOWN("unknown error"),
  /** The executor failed. */
  EXECUTOR_FAILURE("the executor failed"),
  /** The request is malformed. */
  BAD_REQUEST("the request is malformed"),
  /** The artifact reference is invalid. */
  REFERENCE_INVALID("the artifact reference is invalid"),
  /** The configuration is invalid. */
  CONFIG_INVALID("the configuration is invalid"),
  /** The registry denied access. */
  AUTH_DENIED("the registry denied access"),
  /**
   * The host name is not allowed. Reserved: Ratify defines this code; nothing in this project emits
   * it yet, so keep it for compatibility.
   */
  HOST_NAME_INVALID("the host name is not allowed"),
  /** No credential matches the registry. */
  NO_MATCHING_CREDENTIAL("no credential matches the registry"),
  /**
   * Data could not be decoded. Reserved: Ratify defines this code; nothing in this project emits it
   * yet, so keep it for compatibility.
   */
  DATA_DECODING_FAILURE("data could not be decoded"),
  /** Data could not be encoded. */
  DATA_ENCODING_FAILURE("data could not be encoded"),
  /** The resource was not found. */
  RESOURCE_NOT_FOUND("the resource was not found"),
  /**
   * The operation is forbidden. Reserved: Ratify defines this code; nothing in this project emits
   * it yet, so keep it for compatibility.
   */
  OPERATION_FORBIDDEN("the operation is forbidden"),
  // plugins (Ratify names)
  /** The artifact could not be verified. */
  VERIFY_REFERENCE_FAILURE("the artifact could not be verified"),
  /** A verifier failed. */
  VERIFY_PLUGIN_FAILURE("a verifier failed"),
  /** No signature was found. */
  SIGNATURE_NOT_FOUND("no signature was found"),
  /** Referrers could not be listed. */
  LIST_REFERRERS_FAILURE("referrers could not be listed"),
  /** The subject could not be resolved. */
  GET_SUBJECT_DESCRIPTOR_FAILURE("the subject could not be resolved"),
  /** A referrer manifest could not be fetched. */
  GET_REFERRER_MANIFEST_FAILURE("a referrer manifest could not be fetched"),
  /** A blob could not be fetched. */
  GET_BLOB_CONTENT_FAILURE("a blob could not be fetched"),
  /** The referrer store failed. */
  REFERRER_STORE_FAILURE("the referrer store failed"),
  /** A manifest is invalid. */
  MANIFEST_INVALID("a manifest is invalid"),
  /** No verifier produced a report for the artifact. */
  NO_VERIFIER_REPORT("no verifier produced a report for the artifact"),
  /** A plugin could not be created. */
  PLUGIN_INIT_FAILURE("a plugin could not be created"),
  /** No plugin of that type is available. */
  PLUGIN_NOT_FOUND("no plugin of that type is available"),
  /** A certificate is invalid. */
  CERT_INVALID("a certificate is invalid"),
  /** A key is invalid. */
  KEY_INVALID("a key is invalid"),
  /**
   * No policy is configured. Reserved: Ratify defines this code; nothing in this project emits it
   * yet, so keep it for compatibility.
   */
  POLICY_PROVIDER_NOT_FOUND("no policy is configured"),
  /** A key vault operation failed. */
  KEY_VAULT_OPERATION_FAILURE("a key vault operation failed"),
  /** A key management provider failed. */
  KEY_MANAGEMENT_PROVIDER_FAILURE("a key management provider failed"),
  // ours: infrastructure
  /** The operation did not finish before its deadline. */
  TIMEOUT("the operation did not finish before its deadline"),
  /** The operation was cancelled. */
  CANCELLED("the operation was cancelled"),
  /** The registry throttled the request. */
  THROTTLED("the registry throttled the request"),
  /** The registry could not be reached. */
  REGISTRY_UNREACHABLE("the registry could not be reached"),
  /** Content does not match its digest. */
  DIGEST_MISMATCH("content does not match its digest"),
  /** Content exceeds its size bound. */
  SIZE_LIMIT_EXCEEDED("content exceeds its size bound"),
  /** The digest is invalid. */
  DIGEST_INVALID("the digest is invalid"),
  /** The feature is not supported. */
  UNSUPPORTED("the feature is not supported"),
  // ours: verification outcomes (carried in VerificationResult, not thrown)
  /** The signature envelope is malformed. */
  SIGNATURE_ENVELOPE_INVALID("the signature envelope is malformed"),
  /** The signature does not match its content. */
  SIGNATURE_INTEGRITY_FAILURE("the signature does not match its content"),
  /** The signer is not trusted. */
  SIGNATURE_AUTHENTICITY_FAILURE("the signer is not trusted"),
  /** The signer identity is not trusted. */
  TRUSTED_IDENTITY_FAILURE("the signer identity is not trusted"),
  /** The signature or its certificate has expired. */
  SIGNATURE_EXPIRED("the signature or its certificate has expired"),
  /** The authentic timestamp could not be verified. */
  TIMESTAMP_FAILURE("the authentic timestamp could not be verified"),
  /** Revocation could not be checked or a certificate is revoked. */
  REVOCATION_FAILURE("revocation could not be checked or a certificate is revoked"),
  /** The trust policy is invalid or does not apply. */
  TRUST_POLICY_INVALID("the trust policy is invalid or does not apply"),
  /** The policy denied the artifact. */
  POLICY_DENIED("the policy denied the artifact");

  private final String description;

  ErrorCode(String description) {
    this.description = description;
  }

  /**
   * A short, human readable description of the code, stable across releases.
   *
   * @return a short, human readable description of the code, stable across releases
   */
  public String description() {
    return description;
  }
}
