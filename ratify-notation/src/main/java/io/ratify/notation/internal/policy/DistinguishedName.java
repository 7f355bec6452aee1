package io.ratify.notation.internal.policy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A distinguished name as the Notary Project trusted-identity rules see it: one value per attribute
 * type, with {@code S} read as {@code ST}, and at least {@code C}, {@code ST} and {@code O}.
 * Attribute type names and values are compared exactly (case-sensitive), as notation-go does.
 *
 * <p>{@link #parse} follows notation-go's {@code pkix.ParseDistinguishedName} (RFC 4514 syntax;
 * {@code =#}, multi-valued RDNs and repeated attributes refused). {@link #goString} renders a
 * certificate name like Go's {@code pkix.Name.String()}, which is how notation and Ratify print and
 * match certificate subjects.
 *
 * @param attributes attribute type to value, in the order written
 */
public record DistinguishedName(Map<String, String> attributes) {
  private static final int MAX_LENGTH = 4096;
  private static final List<String> MANDATORY = List.of("C", "ST", "O");

  public DistinguishedName {
    attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /**
   * Parses a DN with notation's rules.
   *
   * @throws InvalidTrustPolicyException with notation-go's message when the DN is not acceptable
   */
  public static DistinguishedName parse(String name) throws InvalidTrustPolicyException {
    Objects.requireNonNull(name, "name");
    if (name.contains("=#")) {
      throw new InvalidTrustPolicyException(
          "unsupported distinguished name (DN) "
              + GoText.quote(name)
              + ", notation does not support x509.subject identities containing \"=#\"");
    }
    List<List<String[]>> rdns;
    try {
      rdns = rfc4514(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidTrustPolicyException(
          "parsing distinguished name (DN) "
              + GoText.quote(name)
              + " failed with err: "
              + e.getMessage()
              + ". A valid DN must contain 'C', 'ST' or 'S', and 'O' RDN attributes at a minimum, and follow"
              + " RFC 4514 standard");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    for (List<String[]> rdn : rdns) {
      if (rdn.size() > 1) {
        throw new InvalidTrustPolicyException(
            "distinguished name (DN) "
                + GoText.quote(name)
                + " has multi-valued RDN attributes, remove multi-valued RDN attributes as they are not supported");
      }
      for (String[] tv : rdn) {
        String type = tv[0].equals("S") ? "ST" : tv[0];
        String existing = attrs.get(type);
        if (existing != null && !existing.isEmpty()) {
          throw new InvalidTrustPolicyException(
              "distinguished name (DN) "
                  + GoText.quote(name)
                  + " has duplicate RDN attribute for "
                  + GoText.quote(type)
                  + ", DN can only have unique RDN attributes");
        }
        attrs.put(type, tv[1]);
      }
    }
    for (String field : MANDATORY) {
      String v = attrs.get(field);
      if (v == null || v.isEmpty()) {
        throw new InvalidTrustPolicyException(
            "distinguished name (DN) "
                + GoText.quote(name)
                + " has no mandatory RDN attribute for "
                + GoText.quote(field)
                + ", it must contain 'C', 'ST' or 'S', and 'O' RDN attributes at a minimum");
      }
    }
    return new DistinguishedName(attrs);
  }

  /** Whether every attribute of this DN appears in {@code other} with an equal value. */
  public boolean isSubsetOf(DistinguishedName other) {
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (!e.getValue().equals(other.attributes.getOrDefault(e.getKey(), ""))) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code %q} rendering of the attribute map, for messages. */
  public String goQuoted() {
    return GoText.quote(attributes);
  }

  // RFC 4514 (as go-ldap reads it): ',' or ';' separate RDNs, '+' separates attributes of one RDN,
  // '\' escapes a
  // special character or two hex digits, unescaped surrounding spaces are dropped.
  private static List<List<String[]>> rfc4514(String s) {
    if (s.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("DN is longer than " + MAX_LENGTH + " characters");
    }
    List<List<String[]>> rdns = new ArrayList<>();
    List<String[]> rdn = new ArrayList<>();
    String type = null;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int trailingUnescapedSpaces = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\') {
        if (i + 1 >= s.length()) {
          throw new IllegalArgumentException("got corrupted escaped character");
        }
        char n = s.charAt(i + 1);
        if (",+\"\\<>;=# ".indexOf(n) >= 0) {
          writeUtf8(buf, String.valueOf(n));
          i += 2;
        } else {
          if (i + 2 >= s.length() || !isHex(n) || !isHex(s.charAt(i + 2))) {
            throw new IllegalArgumentException("failed to decode escaped character: invalid byte");
          }
          buf.write(HexFormat.fromHexDigits(s, i + 1, i + 3));
          i += 3;
        }
        trailingUnescapedSpaces = 0;
        continue;
      }
      if (c == '=' && type == null) {
        type = utf8(buf).trim();
        if (type.isEmpty()) {
          throw new IllegalArgumentException("incomplete type, value pair");
        }
        buf.reset();
        trailingUnescapedSpaces = 0;
      } else if (c == ',' || c == '+' || c == ';') {
        if (type == null) {
          throw new IllegalArgumentException("incomplete type, value pair");
        }
        rdn.add(new String[] {type, value(buf, trailingUnescapedSpaces)});
        type = null;
        buf.reset();
        trailingUnescapedSpaces = 0;
        if (c != '+') {
          rdns.add(rdn);
          rdn = new ArrayList<>();
        }
      } else {
        if (type != null && buf.size() == 0 && c == ' ') {
          // leading spaces of a value are not part of it
        } else {
          trailingUnescapedSpaces = c == ' ' ? trailingUnescapedSpaces + 1 : 0;
          writeUtf8(buf, String.valueOf(c));
        }
      }
      i++;
    }
    if (buf.size() > 0 || type != null) {
      if (type == null) {
        throw new IllegalArgumentException("DN ended with incomplete type, value pair");
      }
      String v = value(buf, trailingUnescapedSpaces);
      if (!v.isEmpty() || !rdn.isEmpty()) {
        rdn.add(new String[] {type, v});
      }
    }
    if (!rdn.isEmpty()) {
      rdns.add(rdn);
    }
    return rdns;
  }

  private static String value(ByteArrayOutputStream buf, int trailingUnescapedSpaces) {
    String v = utf8(buf);
    v = v.substring(0, v.length() - Math.min(trailingUnescapedSpaces, v.length()));
    if (v.startsWith("#")) {
      throw new IllegalArgumentException("hex-encoded (BER) attribute values are not supported");
    }
    return v;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static void writeUtf8(ByteArrayOutputStream buf, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    buf.write(b, 0, b.length);
  }

  private static String utf8(ByteArrayOutputStream buf) {
    return buf.toString(StandardCharsets.UTF_8);
  }

  // ---- Go's pkix.Name.String() ----

  private static final String[][] GO_STANDARD = {
    // in the order pkix.Name.String() prints them
    {"2.5.4.5", "SERIALNUMBER"},
    {"2.5.4.3", "CN"},
    {"2.5.4.11", "OU"},
    {"2.5.4.10", "O"},
    {"2.5.4.17", "POSTALCODE"},
    {"2.5.4.9", "STREET"},
    {"2.5.4.7", "L"},
    {"2.5.4.8", "ST"},
    {"2.5.4.6", "C"},
  };

  /**
   * Renders a certificate name as Go's {@code pkix.Name.String()} does: values are grouped per
   * standard attribute (repeated values become one multi-valued RDN; a repeated CN or SERIALNUMBER
   * keeps its last value) in the order SERIALNUMBER, CN, OU, O, POSTALCODE, STREET, L, ST, C,
   * followed by other attributes as {@code OID=#hex}.
   */
  public static String goString(X500Principal principal) {
    X500Name name = X500Name.getInstance(principal.getEncoded());
    Map<String, List<String>> standard = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    for (RDN rdn : name.getRDNs()) {
      for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
        String oid = atv.getType().getId();
        String label = standardLabel(oid);
        ASN1Encodable v = atv.getValue();
        if (label != null && v instanceof ASN1String str) {
          List<String> values = standard.computeIfAbsent(label, k -> new ArrayList<>());
          if (label.equals("CN") || label.equals("SERIALNUMBER")) {
            values.clear();
          }
          values.add(str.getString());
        } else {
          others.add(oid + "=#" + HexFormat.of().formatHex(goMarshal(v)));
        }
      }
    }
    List<String> std = new ArrayList<>();
    for (String[] s : GO_STANDARD) {
      List<String> values = standard.get(s[1]);
      if (values == null || values.isEmpty()) {
        continue;
      }
      StringBuilder b = new StringBuilder();
      for (String value : values) {
        if (b.length() > 0) {
          b.append('+');
        }
        b.append(s[1]).append('=').append(goEscape(value));
      }
      std.add(b.toString());
    }
    std.addAll(reverse(others));
    return String.join(",", std);
  }

  /**
   * The identity view of a certificate subject: {@link #goString} parsed with {@link #parse}. Fails
   * exactly where notation-go fails to match any x509.subject identity.
   */
  public static DistinguishedName ofCertificateSubject(X500Principal subject)
      throws InvalidTrustPolicyException {
    return parse(goString(subject));
  }

  private static List<String> reverse(List<String> l) {
    List<String> r = new ArrayList<>(l);
    java.util.Collections.reverse(r);
    return r;
  }

  private static String standardLabel(String oid) {
    for (String[] s : GO_STANDARD) {
      if (s[0].equals(oid)) {
        return s[1];
      }
    }
    return null;
  }

  // Go re-marshals a decoded string as PrintableString when it can, else UTF8String; other values
  // keep their DER.
  private static byte[] goMarshal(ASN1Encodable v) {
    try {
      if (v instanceof ASN1String str) {
        String s = str.getString();
        return (DERPrintableString.isPrintableString(s) && !s.contains("*") && !s.contains("&")
                ? new DERPrintableString(s)
                : (ASN1Encodable) new DERUTF8String(s))
            .toASN1Primitive()
            .getEncoded();
      }
      return v.toASN1Primitive().getEncoded();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String goEscape(String v) {
    StringBuilder b = new StringBuilder(v.length());
    int[] cps = v.codePoints().toArray();
    for (int k = 0; k < cps.length; k++) {
      int c = cps[k];
      boolean escape =
          switch (c) {
            case ',', '+', '"', '\\', '<', '>', ';' -> true;
            case ' ' -> k == 0 || k == cps.length - 1;
            case '#' -> k == 0;
            default -> false;
          };
      if (escape) {
        b.append('\\');
      }
      b.appendCodePoint(c);
    }
    return b.toString();
  }
}
