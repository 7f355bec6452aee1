package io.ratify.api.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PrintableTest {
  @Test
  void replacesControlsAndCuts() {
    assertEquals("a?[31mb?", Printable.of("a\u001b[31mb\u0085"));
    assertEquals("x".repeat(100) + "…", Printable.of("x".repeat(150)));
    assertEquals("abc…", Printable.of("abcdef", 3));
    assertEquals("??", Printable.of("\u202e\u2028"));
  }

  @Test
  void escapesForTerminalsInFull() {
    String plain = "registry.test/app:v1 ✓";
    assertSame(plain, Printable.escaped(plain));
    assertEquals("a\\u001b[2Jb\\u000a", Printable.escaped("a\u001b[2Jb\n"));
    // an escape already in the input cannot pass for one of ours
    assertEquals("\\\\u001b", Printable.escaped("\\u001b"));
    assertEquals("\\u202e", Printable.escaped("\u202e"));
  }

  @Property(tries = 1000)
  void neitherFormLeavesAnUnsafeCharacter(@ForAll String s) {
    for (String out : new String[] {Printable.of(s), Printable.escaped(s)}) {
      for (int i = 0; i < out.length(); i++) {
        if (Printable.unsafe(out.charAt(i))) {
          throw new AssertionError("unsafe character left in " + out);
        }
      }
    }
  }
}
