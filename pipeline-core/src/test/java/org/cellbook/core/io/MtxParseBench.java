package org.cellbook.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.cellbook.core.data.CsrMatrix;

/**
 * Benchmark (not a test): MatrixMarket parse speed on a generated Cell Ranger-like matrix.mtx,
 * plain and gzipped, plus gunzip alone for reference. Run by bench/mtx-parse.sh, which records
 * the command; writes JSON to the path given.
 *
 * <p>Args: work-dir, result-json, entries (default 10^8), repetitions (default 3).
 */
public final class MtxParseBench {
    private MtxParseBench() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createDirectories(Path.of(args[0]));
        Path result = Path.of(args[1]);
        long entries = args.length > 2 ? Long.parseLong(args[2]) : 100_000_000L;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int genes = 32_285;
        int cells = (int) Math.max(1, entries / 2_500);
        Path plain = work.resolve("bench-" + entries + ".mtx");
        Path gz = work.resolve("bench-" + entries + ".mtx.gz");
        if (!Files.exists(plain) || !Files.exists(gz)) {
            generate(plain, gz, genes, cells, entries);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", System.getProperty("bench.command", "bench/mtx-parse.sh"));
        out.put("date", Instant.now().toString());
        out.put("java", Runtime.version().toString());
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("load_average_at_start", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.put("entries", entries);
        out.put("shape_genes_x_cells", List.of(genes, cells));
        out.put("plain", measure(plain, reps, true));
        out.put("gzip", measure(gz, reps, true));
        out.put("gunzip_only", measure(gz, reps, false));
        out.put("load_average_at_end", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(result.toFile(), out);
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    }

    /** MB/s are of the uncompressed text (what the parser consumes), so plain and gzip compare directly. */
    private static Map<String, Object> measure(Path file, int reps, boolean parse) throws IOException {
        long textBytes = Files.size(file.getFileName().toString().endsWith(".gz")
                ? file.resolveSibling(file.getFileName().toString().replace(".gz", "")) : file);
        List<Double> seconds = new ArrayList<>();
        long nnz = 0;
        for (int r = 0; r < reps; r++) {
            System.gc();
            long t0 = System.nanoTime();
            if (parse) {
                CsrMatrix m = MatrixMarketReader.readTransposed(file);
                nnz = m.nnz();
            } else {
                try (InputStream in = TextInput.openStream(file)) {
                    byte[] buf = new byte[1 << 20];
                    while (in.read(buf) >= 0) {
                        nnz++;
                    }
                }
            }
            seconds.add((System.nanoTime() - t0) / 1e9);
        }
        double best = seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.getFileName().toString());
        m.put("file_bytes", Files.size(file));
        m.put("text_bytes", textBytes);
        m.put("seconds", seconds);
        m.put("best_text_mb_per_s", Math.round(textBytes / 1e6 / best * 10) / 10.0);
        if (parse) {
            m.put("nnz", nnz);
            m.put("best_million_entries_per_s", Math.round(nnz / 1e6 / best * 10) / 10.0);
        }
        return m;
    }

    /** Sorted by cell, then gene, like Cell Ranger; counts skewed towards 1 like UMI counts. */
    private static void generate(Path plain, Path gz, int genes, int cells, long entries) throws IOException {
        SplittableRandom rnd = new SplittableRandom(42);
        try (OutputStream p = new BufferedOutputStream(Files.newOutputStream(plain), 1 << 20);
             OutputStream z = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(gz), 1 << 20), 1 << 20)) {
            byte[] header = ("%%MatrixMarket matrix coordinate integer general\n"
                    + "%metadata_json: {\"software_version\": \"bench\", \"format_version\": 2}\n"
                    + genes + " " + cells + " " + entries + "\n").getBytes(StandardCharsets.US_ASCII);
            p.write(header);
            z.write(header);
            long written = 0;
            StringBuilder line = new StringBuilder(64);
            for (int c = 0; c < cells; c++) {
                long upto = (c + 1L) * entries / cells;
                int n = (int) (upto - written);
                // n distinct sorted genes: a random stride walk keeps them spread and increasing.
                int gene = 0;
                int room = genes - n;
                for (int k = 0; k < n; k++) {
                    int skip = room > 0 ? rnd.nextInt(Math.max(1, 2 * room / Math.max(1, n - k)) + 1) : 0;
                    skip = Math.min(skip, room);
                    room -= skip;
                    gene += skip + 1;
                    int count = rnd.nextInt(100) < 60 ? 1 : 1 + (int) Math.min(5000, -Math.log(rnd.nextDouble()) * 8);
                    line.setLength(0);
                    line.append(gene).append(' ').append(c + 1).append(' ').append(count).append('\n');
                    byte[] b = line.toString().getBytes(StandardCharsets.US_ASCII);
                    p.write(b);
                    z.write(b);
                }
                written = upto;
            }
        }
    }
}
