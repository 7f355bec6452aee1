package io.ratify.notation.internal.x509;

import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The time-dependent part of certificate checking: is every certificate of a chain valid at an
 * instant.
 */
public final class ChainValidity {
  /** Go's {@code time.RFC1123Z}, which notation uses in these messages. */
  private static final DateTimeFormatter RFC1123Z =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private ChainValidity() {}

  /**
   * Checks {@code notBefore <= t <= notAfter} for every certificate, leaf first.
   *
   * @throws VerificationFailure with {@link Check#AUTHENTIC_TIMESTAMP} naming the first certificate
   *     that is not valid, in notation-go's words
   */
  public static void checkValidAt(List<X509Certificate> chain, Instant t)
      throws VerificationFailure {
    for (X509Certificate c : chain) {
      Instant notBefore = c.getNotBefore().toInstant();
      Instant notAfter = c.getNotAfter().toInstant();
      if (t.isBefore(notBefore)) {
        throw new VerificationFailure(
            Check.AUTHENTIC_TIMESTAMP,
            "verification time is before certificate \""
                + Subjects.of(c)
                + "\" validity period, it will be valid from"
                + " \""
                + RFC1123Z.format(notBefore)
                + "\"");
      }
      if (t.isAfter(notAfter)) {
        throw new VerificationFailure(
            Check.AUTHENTIC_TIMESTAMP,
            "verification time is after certificate \""
                + Subjects.of(c)
                + "\" validity period, it was expired at \""
                + RFC1123Z.format(notAfter)
                + "\"");
      }
    }
  }
}
