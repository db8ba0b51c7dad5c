package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheKeyTest {
    @TempDir
    Path tmp;

    private static CacheKey.Builder normalize() {
        return CacheKey.builder("preprocess", "normalize_total").codeVersion("1");
    }

    @Test
    void sameInputsGiveTheSameKeyWhateverTheParameterOrder() {
        CacheKey a = normalize().param("target_sum", 1e4).param("log", true).build();
        CacheKey b = normalize().param("log", true).param("target_sum", 1e4).build();
        assertEquals(a, b);
        assertEquals(a.hex(), b.hex());
        assertTrue(CacheKey.isKey(a.hex()));
    }

    @Test
    void everyPartOfTheRecipeChangesTheKey() {
        CacheKey base = normalize().param("target_sum", 1e4).build();
        assertNotEquals(base, normalize().param("target_sum", 1e6).build(), "parameter value");
        assertNotEquals(base, normalize().param("target_sum2", 1e4).build(), "parameter name");
        assertNotEquals(base, CacheKey.builder("preprocess", "normalize_total").codeVersion("2")
                .param("target_sum", 1e4).build(), "code version");
        assertNotEquals(base, CacheKey.builder("preprocess", "log1p").codeVersion("1")
                .param("target_sum", 1e4).build(), "name");
        assertNotEquals(base, CacheKey.builder("features", "normalize_total").codeVersion("1")
                .param("target_sum", 1e4).build(), "kind");
        CacheKey up1 = CacheKey.builder("data", "read").codeVersion("1").param("path", "a").build();
        CacheKey up2 = CacheKey.builder("data", "read").codeVersion("1").param("path", "b").build();
        assertNotEquals(normalize().input(up1).build(), normalize().input(up2).build(), "upstream key");
        assertNotEquals(normalize().input(up1).input(up2).build(), normalize().input(up2).input(up1).build(),
                "input order");
    }

    @Test
    void partsCannotBleedIntoEachOther() {
        // length-prefixed strings: ("ab", "c") and ("a", "bc") must differ
        assertNotEquals(CacheKey.builder("ab", "c").codeVersion("1").build(),
                CacheKey.builder("a", "bc").codeVersion("1").build());
        assertNotEquals(normalize().param("x", List.of("a", "b")).build(), normalize().param("x", "ab").build());
        assertNotEquals(normalize().param("x", (Object) null).build(), normalize().param("x", "").build());
    }

    @Test
    void numbersAreCanonical() {
        assertEquals(normalize().param("n", 3).build(), normalize().param("n", 3L).build(), "int and long");
        assertEquals(normalize().param("n", (short) 3).build(), normalize().param("n", 3L).build(), "short and long");
        assertNotEquals(normalize().param("n", 3).build(), normalize().param("n", 3.0).build(), "int and double");
        assertEquals(normalize().param("x", -0.0).build(), normalize().param("x", 0.0).build(), "-0.0 and 0.0");
        assertEquals(normalize().param("x", Double.longBitsToDouble(0x7ff8000000000001L)).build(),
                normalize().param("x", Double.NaN).build(), "NaN payloads");
        assertEquals(normalize().param("x", 0.5f).build(), normalize().param("x", 0.5).build(), "float widened");
        assertEquals(normalize().param("a", new int[] {1, 2}).build(), normalize().param("a", List.of(1L, 2L)).build(),
                "array and list");
    }

    @Test
    void mapParametersAreOrderIndependent() {
        Map<String, Object> m1 = new LinkedHashMap<>();
        m1.put("b", 1);
        m1.put("a", List.of("x"));
        Map<String, Object> m2 = new LinkedHashMap<>();
        m2.put("a", List.of("x"));
        m2.put("b", 1);
        assertEquals(normalize().param("m", m1).build(), normalize().param("m", m2).build());
        assertEquals(normalize().params(m1).build(), normalize().params(m2).build());
    }

    enum Flavor { VANILLA }

    @Test
    void enumsAreStoredByName() {
        assertEquals(normalize().param("f", Flavor.VANILLA).build(), normalize().param("f", "VANILLA").build());
    }

    @Test
    void fileInputsCountByContentNotPath() throws IOException {
        Path a = Files.writeString(tmp.resolve("a.txt"), "same");
        Path b = Files.writeString(tmp.resolve("b.txt"), "same");
        Path c = Files.writeString(tmp.resolve("c.txt"), "different");
        assertEquals(normalize().inputFile(a).build(), normalize().inputFile(b).build());
        assertNotEquals(normalize().inputFile(a).build(), normalize().inputFile(c).build());
        assertEquals(a.toString(), normalize().inputFile(a).build().inputs().getFirst().file());
    }

    /** The Javadoc recipe, followed by hand, gives the same digest. */
    @Test
    void keyFollowsTheDocumentedRecipe() throws Exception {
        Path file = Files.writeString(tmp.resolve("in.txt"), "counts");
        CacheKey upstream = CacheKey.builder("data", "read").codeVersion("1").build();
        CacheKey key = CacheKey.builder("preprocess", "normalize_total").codeVersion("3")
                .param("target_sum", 1e4).param("exclude", List.of("MT-1", true)).param("n", 7)
                .input(upstream).inputFile(file).build();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes); // big-endian, as documented
        str(out, "cellbook-cache-key/v1");
        str(out, "preprocess");
        str(out, "normalize_total");
        str(out, "3");
        out.writeInt(3);
        str(out, "exclude");
        out.writeByte('L');
        out.writeInt(2);
        out.writeByte('S');
        str(out, "MT-1");
        out.writeByte('B');
        out.writeByte(1);
        str(out, "n");
        out.writeByte('I');
        out.writeLong(7);
        str(out, "target_sum");
        out.writeByte('D');
        out.writeLong(Double.doubleToLongBits(1e4));
        out.writeInt(2);
        out.writeByte('K');
        str(out, upstream.hex());
        out.writeByte('F');
        str(out, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("counts".getBytes(StandardCharsets.UTF_8))));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        assertEquals(expected, key.hex());
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    @Test
    void badPartsAreRejectedWithClearMessages() {
        IllegalStateException noVersion = assertThrows(IllegalStateException.class,
                () -> CacheKey.builder("preprocess", "log1p").build());
        assertTrue(noVersion.getMessage().contains("preprocess/log1p has no code version"), noVersion.getMessage());

        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> normalize().param("input", tmp));
        assertTrue(path.getMessage().contains("parameter 'input' is a Path") && path.getMessage().contains("inputFile"),
                path.getMessage());

        IllegalArgumentException object = assertThrows(IllegalArgumentException.class,
                () -> normalize().param("thing", new Object()));
        assertTrue(object.getMessage().contains("parameter 'thing' has type java.lang.Object"), object.getMessage());

        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> normalize().param("m", Map.of("k", List.of(new StringBuilder()))));
        assertTrue(nested.getMessage().contains("'m.k[0]'"), nested.getMessage());

        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> normalize().param("a", 1).param("a", 2));
        assertTrue(twice.getMessage().contains("parameter 'a' given twice"), twice.getMessage());

        IllegalArgumentException badUpstream = assertThrows(IllegalArgumentException.class,
                () -> normalize().input("abc"));
        assertTrue(badUpstream.getMessage().contains("'abc' is not a cache key"), badUpstream.getMessage());

        IllegalArgumentException emptyName = assertThrows(IllegalArgumentException.class,
                () -> CacheKey.builder("preprocess", ""));
        assertTrue(emptyName.getMessage().contains("name must not be empty"), emptyName.getMessage());
    }

    @Test
    void missingInputFileIsNamed() {
        Path missing = tmp.resolve("nope.h5");
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> normalize().inputFile(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
                e.getMessage());
    }
}
