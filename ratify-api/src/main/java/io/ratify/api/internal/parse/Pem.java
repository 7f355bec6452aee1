package io.ratify.api.internal.parse;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one PEM reader (RFC 7468, strict form). A block is {@code -----BEGIN LABEL-----}, base64
 * lines, {@code -----END LABEL-----} with the same label. Text before and between blocks is
 * ignored, as Go's {@code pem.Decode} and OpenSSL do (certificate bundles carry comments there);
 * everything else is strict:
 *
 * <ul>
 *   <li>a BEGIN line without its END line is an error;
 *   <li>a decoded block holds only base64 characters and white space, in canonical padded base64
 *       (length a multiple of four, zero pad bits), and is not empty;
 *   <li>at most {@link Rules#maxBlocks()} blocks and {@value #MAX_TEXT_CHARS} characters;
 *   <li>only white space after the last block, unless {@link Rules#textAfterLastBlock()};
 *   <li>blocks whose label the caller does not ask for are skipped undecoded (private keys in a Key
 *       Vault secret are never decoded).
 * </ul>
 *
 * <p>Certificates read from PEM then go through {@link Der#certificate(byte[])}.
 */
public final class Pem {
  /** Largest text accepted. */
  public static final int MAX_TEXT_CHARS = 4 << 20;

  /** The certificate label. */
  public static final String CERTIFICATE = "CERTIFICATE";

  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,64})-----");

  /**
   * How a caller's PEM differs from the default; the only parameters there are.
   *
   * @param maxBlocks most blocks accepted, of any label
   * @param decode which labels are decoded; the others are skipped unread
   * @param textAfterLastBlock whether anything may follow the last block (notation's trust stores
   *     ignore it, as notation-go does); otherwise only white space may
   */
  public record Rules(int maxBlocks, Predicate<String> decode, boolean textAfterLastBlock) {
    /** Up to 64 blocks, every label decoded, only white space after the last block. */
    public static final Rules DEFAULT = new Rules(64, label -> true, false);

    /**
     * These rules with another set of decoded labels.
     *
     * @param labels which labels to decode
     * @return the new rules
     */
    public Rules decoding(Predicate<String> labels) {
      return new Rules(maxBlocks, labels, textAfterLastBlock);
    }

    /**
     * These rules with another bound on blocks.
     *
     * @param max most blocks
     * @return the new rules
     */
    public Rules maxBlocks(int max) {
      return new Rules(max, decode, textAfterLastBlock);
    }

    /**
     * These rules letting any text follow the last block.
     *
     * @return the new rules
     */
    public Rules allowingTextAfterLastBlock() {
      return new Rules(maxBlocks, decode, true);
    }
  }

  /**
   * One block.
   *
   * @param label the label, e.g. {@code CERTIFICATE}
   * @param content the decoded bytes; empty when the label was not decoded
   * @param decoded whether the block was decoded
   */
  public record Block(String label, byte[] content, boolean decoded) {}

  private Pem() {}

  /**
   * Whether {@code data} looks like PEM: it contains a BEGIN line.
   *
   * @param text the text
   * @return whether a BEGIN marker occurs
   */
  public static boolean looksLikePem(String text) {
    return text.contains("-----BEGIN ");
  }

  /**
   * The blocks of {@code text}, in order (empty when there is no block and nothing but white space,
   * or text the rules allow, around).
   *
   * @param text the PEM text
   * @param rules how this caller's PEM differs from the default
   * @return the blocks
   * @throws MalformedException when the text breaks a rule
   */
  public static List<Block> blocks(String text, Rules rules) throws MalformedException {
    if (text.length() > MAX_TEXT_CHARS) {
      throw new MalformedException("PEM text is longer than " + MAX_TEXT_CHARS + " characters");
    }
    List<Block> out = new ArrayList<>();
    Matcher m = BEGIN.matcher(text);
    int pos = 0;
    while (m.find(pos)) {
      if (out.size() >= rules.maxBlocks()) {
        throw new MalformedException("more than " + rules.maxBlocks() + " PEM blocks");
      }
      String label = m.group(1);
      String end = "-----END " + label + "-----";
      int endAt = text.indexOf(end, m.end());
      if (endAt < 0) {
        throw new MalformedException("PEM block '" + label + "' has no END line");
      }
      if (rules.decode().test(label)) {
        out.add(new Block(label, base64(text, m.end(), endAt, label), true));
      } else {
        out.add(new Block(label, new byte[0], false));
      }
      pos = endAt + end.length();
    }
    if (!out.isEmpty() && !rules.textAfterLastBlock() && !text.substring(pos).isBlank()) {
      throw new MalformedException("undecodable data after the last PEM block");
    }
    return out;
  }

  /**
   * The certificates of the {@code CERTIFICATE} blocks of {@code text}, each strict DER; blocks of
   * other labels are skipped unless {@code everyBlockIsACertificate}.
   *
   * @param text the PEM text
   * @param rules how this caller's PEM differs from the default (its {@code decode} is replaced)
   * @param everyBlockIsACertificate whether a block of any label must hold a certificate
   *     (notation's trust stores) instead of being skipped
   * @return the certificates, in order; empty when there is no certificate block
   * @throws MalformedException when the PEM or a certificate is malformed
   */
  public static List<X509Certificate> certificates(
      String text, Rules rules, boolean everyBlockIsACertificate) throws MalformedException {
    List<X509Certificate> out = new ArrayList<>();
    Predicate<String> decode = everyBlockIsACertificate ? label -> true : CERTIFICATE::equals;
    for (Block b : blocks(text, rules.decoding(decode))) {
      if (b.decoded()) {
        try {
          out.add(Der.certificate(b.content()));
        } catch (MalformedException e) {
          throw new MalformedException(
              "PEM block " + (out.size() + 1) + " ('" + b.label() + "'): " + e.getMessage());
        }
      }
    }
    return List.copyOf(out);
  }

  private static byte[] base64(String text, int from, int to, String label)
      throws MalformedException {
    StringBuilder b = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '+'
          || c == '/'
          || c == '=') {
        b.append(c);
      } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        throw new MalformedException(
            "PEM block '" + label + "' is not valid base64 (a character outside the alphabet)");
      }
    }
    String body = b.toString();
    byte[] out;
    try {
      out = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new MalformedException("PEM block '" + label + "' is not valid base64");
    }
    if (body.length() % 4 != 0 || !Base64.getEncoder().encodeToString(out).equals(body)) {
      throw new MalformedException("PEM block '" + label + "' is not canonical base64");
    }
    if (out.length == 0) {
      throw new MalformedException("PEM block '" + label + "' is empty");
    }
    return out;
  }
}
