package io.ratify.api;

/**
 * Stable error codes. Names are part of the public contract: they reuse Ratify's code names where
 * Ratify has one, and are never renamed or renumbered. Report and log consumers may match on {@link
 * #name()}.
 */
public enum ErrorCode {
  // general (Ratify names)
  UNKNOWN("unknown error"),
  EXECUTOR_FAILURE("the executor failed"),
  BAD_REQUEST("the request is malformed"),
  REFERENCE_INVALID("the artifact reference is invalid"),
  CONFIG_INVALID("the configuration is invalid"),
  AUTH_DENIED("the registry denied access"),
  HOST_NAME_INVALID("the host name is not allowed"),
  NO_MATCHING_CREDENTIAL("no credential matches the registry"),
  DATA_DECODING_FAILURE("data could not be decoded"),
  DATA_ENCODING_FAILURE("data could not be encoded"),
  RESOURCE_NOT_FOUND("the resource was not found"),
  OPERATION_FORBIDDEN("the operation is forbidden"),
  // plugins (Ratify names)
  VERIFY_REFERENCE_FAILURE("the artifact could not be verified"),
  VERIFY_PLUGIN_FAILURE("a verifier failed"),
  SIGNATURE_NOT_FOUND("no signature was found"),
  LIST_REFERRERS_FAILURE("referrers could not be listed"),
  GET_SUBJECT_DESCRIPTOR_FAILURE("the subject could not be resolved"),
  GET_REFERRER_MANIFEST_FAILURE("a referrer manifest could not be fetched"),
  GET_BLOB_CONTENT_FAILURE("a blob could not be fetched"),
  REFERRER_STORE_FAILURE("the referrer store failed"),
  MANIFEST_INVALID("a manifest is invalid"),
  NO_VERIFIER_REPORT("no verifier produced a report for the artifact"),
  PLUGIN_INIT_FAILURE("a plugin could not be created"),
  PLUGIN_NOT_FOUND("no plugin of that type is available"),
  CERT_INVALID("a certificate is invalid"),
  KEY_INVALID("a key is invalid"),
  POLICY_PROVIDER_NOT_FOUND("no policy is configured"),
  KEY_VAULT_OPERATION_FAILURE("a key vault operation failed"),
  KEY_MANAGEMENT_PROVIDER_FAILURE("a key management provider failed"),
  // ours: infrastructure
  TIMEOUT("the operation did not finish before its deadline"),
  CANCELLED("the operation was cancelled"),
  THROTTLED("the registry throttled the request"),
  REGISTRY_UNREACHABLE("the registry could not be reached"),
  DIGEST_MISMATCH("content does not match its digest"),
  SIZE_LIMIT_EXCEEDED("content exceeds its size bound"),
  DIGEST_INVALID("the digest is invalid"),
  UNSUPPORTED("the feature is not supported"),
  // ours: verification outcomes (carried in VerificationResult, not thrown)
  SIGNATURE_ENVELOPE_INVALID("the signature envelope is malformed"),
  SIGNATURE_INTEGRITY_FAILURE("the signature does not match its content"),
  SIGNATURE_AUTHENTICITY_FAILURE("the signer is not trusted"),
  TRUSTED_IDENTITY_FAILURE("the signer identity is not trusted"),
  SIGNATURE_EXPIRED("the signature or its certificate has expired"),
  TIMESTAMP_FAILURE("the authentic timestamp could not be verified"),
  REVOCATION_FAILURE("revocation could not be checked or a certificate is revoked"),
  TRUST_POLICY_INVALID("the trust policy is invalid or does not apply"),
  POLICY_DENIED("the policy denied the artifact");

  private final String description;

  ErrorCode(String description) {
    this.description = description;
  }

  /** A short, human readable description of the code, stable across releases. */
  public String description() {
    return description;
  }
}
