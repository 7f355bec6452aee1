package io.ratify.notation.internal.policy;

import java.util.Objects;

/**
 * One {@code x509.subject:} trusted identity of a statement.
 *
 * @param raw the identity as written in the policy
 * @param subject the parsed distinguished name
 */
public record TrustedIdentity(String raw, DistinguishedName subject) {
  /** The identity prefix notation verifies natively. */
  public static final String X509_SUBJECT = "x509.subject";

  public TrustedIdentity {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(subject, "subject");
  }
}
