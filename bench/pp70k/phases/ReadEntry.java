package org.cellbook.cache;
import java.nio.file.*;
public final class ReadEntry {
    public static <T> T read(Path json, Codec<T> codec) throws Exception {
        EntryMetadata m = EntryMetadata.parse(Files.readAllBytes(json));
        Path bin = json.resolveSibling(json.getFileName().toString().replace(".json", ".bin"));
        return DataFile.read(bin, m, codec);
    }
    public static <T> void write(Path f, Codec<T> codec, T v) throws Exception { DataFile.write(f, codec, v); }
}
