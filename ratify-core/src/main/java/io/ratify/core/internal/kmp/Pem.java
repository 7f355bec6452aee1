package io.ratify.core.internal.kmp;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict PEM reader: text before a block is ignored (as Go's {@code pem.Decode} does), but a
 * block that does not close, does not decode, or non-blank text after the last block is an error.
 */
final class Pem {
  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,64})-----");
  private static final int MAX_BLOCKS = 64;

  record Block(String type, byte[] der) {}

  private Pem() {}

  /**
   * The blocks of {@code text}; throws {@link IllegalArgumentException} with a reason on malformed
   * input.
   */
  static List<Block> decode(String text) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BEGIN.matcher(text);
    int pos = 0;
    while (m.find(pos)) {
      if (blocks.size() >= MAX_BLOCKS) {
        throw new IllegalArgumentException("more than " + MAX_BLOCKS + " PEM blocks");
      }
      String type = m.group(1);
      String end = "-----END " + type + "-----";
      int endAt = text.indexOf(end, m.end());
      if (endAt < 0) {
        throw new IllegalArgumentException("PEM block '" + type + "' has no END line");
      }
      String body = text.substring(m.end(), endAt);
      byte[] der;
      try {
        der = Base64.getDecoder().decode(body.replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("PEM block '" + type + "' is not valid base64");
      }
      if (der.length == 0) {
        throw new IllegalArgumentException("PEM block '" + type + "' is empty");
      }
      blocks.add(new Block(type, der));
      pos = endAt + end.length();
    }
    if (!text.substring(pos).isBlank() && !blocks.isEmpty()) {
      throw new IllegalArgumentException("undecodable data after the last PEM block");
    }
    return blocks;
  }
}
