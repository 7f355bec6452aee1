package io.ratify.notation.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javax.security.auth.x500.X500Principal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DistinguishedNameTest {
  @Test
  void parsesRfc4514WithNotationRules() throws Exception {
    assertEquals(
        Map.of("C", "US", "ST", "WA", "O", "MyOrg"),
        DistinguishedName.parse("C=US,ST=WA,O=MyOrg").attributes());
    assertEquals(
        "My.  Org", DistinguishedName.parse("C=US,ST=WA,O=  My.  Org").attributes().get("O"));
    assertEquals(
        "My \"special\" Org , ; \\ others",
        DistinguishedName.parse("C=US,ST=WA,O=My \"special\" Org \\, \\; \\\\ others")
            .attributes()
            .get("O"));
    assertEquals(
        "WA",
        DistinguishedName.parse(" CN=e2e, O=Notary, S=WA, C=US").attributes().get("ST"),
        "S is ST");
    assertEquals(
        "é",
        DistinguishedName.parse("C=US,ST=WA,O=\\c3\\a9").attributes().get("O"),
        "hex escapes are UTF-8");
    assertTrue(
        DistinguishedName.parse("C=US,ST=WA,O=x,CustomRDN=CustomValue")
            .attributes()
            .containsKey("CustomRDN"));
  }

  @Test
  void refusesWhatNotationRefuses() {
    assertTrue(
        message("C=US,ST=WA,O=My Org,1.3.6.1.4.1.1466.0=#04024869").contains("containing \"=#\""));
    assertTrue(message("C=US,ST=WA,O=a,O=b").contains("has duplicate RDN attribute for \"O\""));
    assertTrue(message("C=US,ST=WA,S=WA,O=b").contains("has duplicate RDN attribute for \"ST\""));
    assertTrue(message("C=US,ST=WA").contains("has no mandatory RDN attribute for \"O\""));
    assertTrue(message("C=US,ST=WA,O=").contains("has no mandatory RDN attribute for \"O\""));
    assertTrue(
        message("c=US,ST=WA,O=x").contains("mandatory RDN attribute for \"C\""),
        "types are case-sensitive");
    assertTrue(
        message("C=US,ST=WA,O=x,=y").contains("failed with err: incomplete type, value pair"));
    assertTrue(message("C=US,ST=WA,O=x\\zz").contains("failed with err"));
  }

  @Test
  void subsetMatchIsExact() throws Exception {
    DistinguishedName trusted = DistinguishedName.parse("C=US,ST=WA,O=Notary");
    assertTrue(trusted.isSubsetOf(DistinguishedName.parse("CN=e2e,O=Notary,L=Seattle,ST=WA,C=US")));
    assertFalse(
        trusted.isSubsetOf(DistinguishedName.parse("CN=e2e,O=notary,L=Seattle,ST=WA,C=US")),
        "values are case-sensitive");
    assertFalse(
        DistinguishedName.parse("CN=e2e,O=Notary,L=Seattle,ST=WA,C=USB")
            .isSubsetOf(DistinguishedName.parse("CN=e2e,O=Notary,L=Seattle,ST=WA,C=US")));
  }

  @Test
  void rendersCertificateNamesLikeGo() throws Exception {
    assertEquals(
        "CN=Ratify Sample,O=Ratify",
        DistinguishedName.goString(new X500Principal("O=Ratify,CN=Ratify Sample")));
    assertEquals(
        "CN=Notation Test Root,O=Notary,L=Seattle,ST=WA,C=US",
        DistinguishedName.goString(
            new X500Principal("C=US,ST=WA,L=Seattle,O=Notary,CN=Notation Test Root")));
    // Go groups repeated attributes into one multi-valued RDN and keeps the last CN (in DER order,
    // which is the
    // reverse of the RFC 2253 string order).
    assertEquals(
        "CN=a,OU=y+OU=x,O=o,ST=WA,C=US",
        DistinguishedName.goString(new X500Principal("C=US,ST=WA,O=o,OU=x,OU=y,CN=a,CN=b")));
    // Non-standard attributes are printed as OID=#hex (Go re-marshals the string).
    assertEquals(
        "CN=a,O=o,ST=WA,C=US,1.2.840.113549.1.9.1=#0c0361406d",
        DistinguishedName.goString(new X500Principal("C=US,ST=WA,O=o,CN=a,EMAILADDRESS=a@m")));
    assertEquals(
        "CN=\\#x\\,y\\ ,O=o", DistinguishedName.goString(new X500Principal("O=o,CN=\\#x\\,y\\ ")));
    // Such subjects cannot match an x509.subject identity, as in notation.
    assertThrows(
        InvalidTrustPolicyException.class,
        () ->
            DistinguishedName.ofCertificateSubject(
                new X500Principal("C=US,ST=WA,O=o,CN=a,EMAILADDRESS=a@m")));
    assertThrows(
        InvalidTrustPolicyException.class,
        () ->
            DistinguishedName.ofCertificateSubject(new X500Principal("C=US,ST=WA,O=o,OU=x,OU=y")));
    assertEquals(
        "a",
        DistinguishedName.ofCertificateSubject(new X500Principal("C=US,ST=WA,O=o,CN=a,CN=b"))
            .attributes()
            .get("CN"));
  }

  @Property(tries = 500)
  void anyInputParsesOrFailsWithTheTypedError(@ForAll String input) {
    try {
      DistinguishedName.parse(input);
    } catch (InvalidTrustPolicyException expected) {
      // the only acceptable failure
    }
  }

  private static String message(String dn) {
    return assertThrows(InvalidTrustPolicyException.class, () -> DistinguishedName.parse(dn))
        .getMessage();
  }
}
