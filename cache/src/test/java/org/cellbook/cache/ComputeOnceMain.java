package org.cellbook.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Child process for {@link CrossProcessTest}: waits until all peers are ready, then asks for
 * one key; the computation appends a line to a marker file and takes a while.
 * Args: cache dir, marker file, ready dir, id, number of peers.
 */
public final class ComputeOnceMain {
    static CacheKey key() {
        return CacheKey.builder("cells", "shared").codeVersion("1").build();
    }

    public static void main(String[] args) throws Exception {
        Path marker = Path.of(args[1]);
        Path ready = Path.of(args[2]);
        String id = args[3];
        int peers = Integer.parseInt(args[4]);
        CacheStore store = CacheStore.open(Path.of(args[0]));
        Files.writeString(ready.resolve(id), id);
        long deadline = System.currentTimeMillis() + 60_000;
        while (count(ready) < peers) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("peers never got ready");
            }
            Thread.sleep(5);
        }
        String value = store.getOrCompute(key(), Section.CELLS, Codecs.STRING, () -> {
            try {
                Files.writeString(marker, "computed by " + id + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Thread.sleep(1500);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return "shared value";
        });
        System.out.println("value=" + value);
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
