package io.ratify.api.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.internal.parse.JsonLimits;
import org.junit.jupiter.api.Test;

class JsonMappersTest {
  private final ObjectMapper json = JsonMappers.strict();

  @Test
  void readsOrdinaryJson() throws Exception {
    assertEquals(2, json.readTree("{\"a\":[1,2.5,\"x\",true,null],\"b\":{}}").size());
  }

  @Test
  void refusesDuplicatesTrailingTokensAndNonNumbers() {
    for (String bad :
        new String[] {
          "{\"a\":1,\"a\":2}",
          "{\"a\":1} {}",
          "{\"a\":NaN}",
          "{\"a\":Infinity}",
          "{/*c*/}",
          "{'a':1}"
        }) {
      assertThrows(JsonProcessingException.class, () -> json.readTree(bad), bad);
    }
  }

  @Test
  void enforcesEveryLimit() throws Exception {
    JsonLimits l = JsonLimits.DEFAULT;
    String deepOk = "[".repeat(l.maxNestingDepth()) + "]".repeat(l.maxNestingDepth());
    json.readTree(deepOk);
    String deep = "[".repeat(l.maxNestingDepth() + 1) + "]".repeat(l.maxNestingDepth() + 1);
    assertThrows(JsonProcessingException.class, () -> json.readTree(deep));
    String number = "[" + "1".repeat(l.maxNumberLength() + 1) + "]";
    assertThrows(JsonProcessingException.class, () -> json.readTree(number));
    String name = "{\"" + "n".repeat(l.maxNameLength() + 1) + "\":1}";
    assertThrows(JsonProcessingException.class, () -> json.readTree(name));
    ObjectMapper small = JsonMappers.strict(l.withMaxDocumentLength(64).withMaxTokenCount(8));
    assertThrows(
        JsonProcessingException.class, () -> small.readTree("[\"" + "s".repeat(80) + "\"]"));
    assertThrows(JsonProcessingException.class, () -> small.readTree("[1,2,3,4,5,6,7,8,9]"));
    assertThrows(
        JsonProcessingException.class,
        () -> json.readTree("[\"" + "s".repeat(l.maxStringLength() + 1) + "\"]"));
  }
}
