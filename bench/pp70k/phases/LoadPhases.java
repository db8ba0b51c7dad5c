package org.cellbook.cache;

import java.io.*;
import java.lang.management.*;
import java.nio.file.*;
import java.util.*;
import java.util.zip.*;
import net.jpountz.lz4.*;
import org.cellbook.core.data.*;
import org.cellbook.core.io.*;
import org.cellbook.core.pp.*;

/** Per-phase CPU and wall seconds of load_cohort, qc_filter and their cache writes (see ../README.md). */
public final class LoadPhases {
    static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    static final ThreadMXBean TM = ManagementFactory.getThreadMXBean();
    static long c0, t0, tc0;
    static Map<String, Long> tasks() {
        Map<String, Long> m = new TreeMap<>();
        try (var ds = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : ds) {
                try {
                    String st = Files.readString(t.resolve("stat"));
                    String name = st.substring(st.indexOf('(') + 1, st.lastIndexOf(')')).replaceAll("[0-9]+$", "").replaceAll("#.*", "");
                    String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    m.merge(name, ticks * 10, Long::sum);
                } catch (IOException | RuntimeException e) { }
            }
        } catch (IOException e) { }
        return m;
    }
    static Map<String, Long> tk0;
    static void start() { tk0 = tasks(); start0(); }
    static void tasksDelta() {
        Map<String, Long> t1 = tasks();
        StringBuilder sb = new StringBuilder("   threads ms:");
        t1.forEach((k, v) -> { long d = v - tk0.getOrDefault(k, 0L); if (d >= 30) sb.append(' ').append(k).append('=').append(d); });
        System.out.println(sb);
    }
    static void start0() { c0 = OS.getProcessCpuTime(); t0 = System.nanoTime(); tc0 = TM.getCurrentThreadCpuTime(); }
    static void stop(String what) {
        System.out.printf(Locale.ROOT, "%-34s wall %7.3f  procCPU %7.3f  threadCPU %7.3f  load %s%n", what, (System.nanoTime() - t0) / 1e9,
                (OS.getProcessCpuTime() - c0) / 1e9, (TM.getCurrentThreadCpuTime() - tc0) / 1e9, loadavg());
    }
    static String loadavg() { try { return Files.readString(Path.of("/proc/loadavg")).substring(0, 14); } catch (IOException e) { return "?"; } }

    public static void main(String[] a) throws Exception {
        Path sheet = Path.of(a[0]);
        Path scratch = Path.of(a[1]);
        Set<String> what = new HashSet<>(Arrays.asList(a).subList(2, a.length));
        Files.createDirectories(scratch);
        SampleSheet ss = SampleSheet.read(sheet);
        if (what.contains("inflate")) {
            start();
            long bytes = 0;
            byte[] buf = new byte[1 << 20];
            for (SampleSheet.Sample s : ss.samples()) {
                Path m = s.gexPath().resolve("matrix.mtx.gz");
                try (InputStream in = new GZIPInputStream(Files.newInputStream(m), 1 << 16)) {
                    int r; while ((r = in.read(buf)) > 0) bytes += r;
                }
            }
            stop("inflate 14 (1 thread) " + bytes / 1000000 + "MB");
        }
        if (what.contains("parse")) {
            // plain copies
            Path plain = scratch.resolve("plain");
            List<Path> files = new ArrayList<>();
            for (SampleSheet.Sample s : ss.samples()) {
                Path dst = plain.resolve(s.sampleId() + ".mtx");
                if (!Files.exists(dst)) {
                    Files.createDirectories(plain);
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(s.gexPath().resolve("matrix.mtx.gz")))) { Files.copy(in, dst); }
                }
                files.add(dst);
            }
            for (int rep = 0; rep < 3; rep++) {
            start();
            for (Path f : files) MatrixMarketReader.readTransposed(f);
            stop("parse 14 plain (1 thread)");
            }
        }
        if (what.contains("contigs")) {
            start();
            for (SampleSheet.Sample s : ss.samples()) s.tcr().ifPresent(ContigReader::read);
            stop("contigs 14 (1 thread)");
        }
        AnnData raw = null;
        if (what.contains("load") || what.contains("write") || what.contains("qc")) {
            for (int rep = 0; rep < (what.contains("load2") ? 2 : 1); rep++) {
                raw = null; System.gc();
                start();
                raw = CohortLoader.load(ss, 2).adata();
                stop("CohortLoader.load(2 threads)"); tasksDelta();
            }
        }
        if (what.contains("write")) {
            cacheWrite(raw, scratch, "load");
        }
        if (what.contains("qc")) {
            start();
            AnnData q = QcMetrics.calculate(raw, QcMetrics.Params.defaults().withPrefix("MT-"));
            stop("qc metrics");
            start();
            q = Filters.filterCells(q, Filters.CellParams.minGenes(200));
            stop("filter cells");
            start();
            q = Filters.filterGenes(q, Filters.GeneParams.minCells(3));
            stop("filter genes");
            start();
            q = Filters.filterByObsMax(q, Filters.PctParams.maxPctMt(20.0));
            stop("filter pct mt");
            raw = null;
            cacheWrite(q, scratch, "qc");
        }
    }

    static void cacheWrite(AnnData v, Path scratch, String name) throws Exception {
        Codec<AnnData> codec = DataCodecs.ANNDATA;
        // encode only
        long[] n = {0};
        start();
        ValueOutput out = new ValueOutput(DataFile.BLOCK_SIZE, (raw, len) -> { n[0] += len; return raw; });
        codec.write(v, out); out.finish();
        stop(name + ": encode only (" + n[0] / 1000000 + "MB)");
        // encode + LZ4 single thread per section
        LZ4Compressor lz = LZ4Factory.fastestInstance().fastCompressor();
        byte[] dst = new byte[lz.maxCompressedLength(DataFile.BLOCK_SIZE)];
        long[] cz = {0};
        start();
        out = new ValueOutput(DataFile.BLOCK_SIZE, (raw, len) -> { cz[0] += lz.compress(raw, 0, len, dst, 0, dst.length); return raw; });
        codec.write(v, out); out.finish();
        stop(name + ": encode+LZ4 1 thread (" + cz[0] / 1000000 + "MB)");
        if (v.x() instanceof CsrMatrix x) {
            int[] ix = x.indicesCopy(); float[] dx = x.dataCopy();
            long[] ri = {0}, ci = {0};
            start();
            out = new ValueOutput(DataFile.BLOCK_SIZE, (raw, len) -> { ri[0] += len; ci[0] += lz.compress(raw, 0, len, dst, 0, dst.length); return raw; });
            out.writeInts(ix, 0, ix.length);
            out.finish();
            stop(name + ": X.indices LZ4 " + ri[0] / 1000000 + "->" + ci[0] / 1000000 + "MB");
            long[] rd = {0}, cd = {0};
            start();
            out = new ValueOutput(DataFile.BLOCK_SIZE, (raw, len) -> { rd[0] += len; cd[0] += lz.compress(raw, 0, len, dst, 0, dst.length); return raw; });
            out.writeFloats(dx, 0, dx.length);
            out.finish();
            stop(name + ": X.data LZ4 " + rd[0] / 1000000 + "->" + cd[0] / 1000000 + "MB");
            // experiment: delta varint indices, u8 values
            long[] indptr = x.indptr();
            byte[] vb = new byte[ix.length * 5 + 16];
            start();
            int w = 0;
            for (int r = 0; r < x.nRows(); r++) {
                int prev = 0;
                for (long q = indptr[r]; q < indptr[r + 1]; q++) {
                    int d = ix[(int) q] - prev; prev = ix[(int) q];
                    int z = (d << 1) ^ (d >> 31);
                    while ((z & ~0x7F) != 0) { vb[w++] = (byte) ((z & 0x7F) | 0x80); z >>>= 7; }
                    vb[w++] = (byte) z;
                }
            }
            stop(name + ": varint delta encode -> " + w / 1000000 + "MB");
            long cv = 0;
            start();
            for (int off = 0; off < w; off += DataFile.BLOCK_SIZE) cv += lz.compress(vb, off, Math.min(DataFile.BLOCK_SIZE, w - off), dst, 0, dst.length);
            stop(name + ": LZ4 of varint -> " + cv / 1000000 + "MB");
            byte[] ub = new byte[dx.length];
            start();
            boolean ok = true; int w2 = w;
            for (int i = 0; i < dx.length; i++) { float fv = dx[i]; int iv = (int) fv; if (iv < 0 || iv > 255 || Float.floatToRawIntBits((float) iv) != Float.floatToRawIntBits(fv)) { ok = false; } ub[i] = (byte) iv; }
            stop(name + ": u8 values ok=" + ok);
            long cu = 0;
            start();
            for (int off = 0; off < ub.length; off += DataFile.BLOCK_SIZE) cu += lz.compress(ub, off, Math.min(DataFile.BLOCK_SIZE, ub.length - off), dst, 0, dst.length);
            stop(name + ": LZ4 of u8 values -> " + cu / 1000000 + "MB");
            int[] hist = new int[8];
            for (float fv : dx) { int iv = (int) fv; hist[iv >= 7 ? 7 : Math.max(iv, 0)]++; }
            System.out.println("value hist 0..7+: " + Arrays.toString(hist));
            long[] rp = {0}, cp = {0};
            out = new ValueOutput(DataFile.BLOCK_SIZE, (raw, len) -> { rp[0] += len; cp[0] += lz.compress(raw, 0, len, dst, 0, dst.length); return raw; });
            out.writeLongs(x.indptr(), 0, x.indptr().length); out.finish();
            System.out.println(name + ": X.indptr LZ4 " + rp[0] + "->" + cp[0]);
        }
        Path f = scratch.resolve(name + ".bin");
        Files.deleteIfExists(f);
        start();
        DataFile.Written w = DataFile.write(f, codec, v);
        stop(name + ": DataFile.write (" + w.fileBytes() / 1000000 + "MB)");
        {
            EntryMetadata meta = new EntryMetadata(1, "0".repeat(64), Section.DATA, "k", "n", "1", Map.of(), List.of(), codec.tag(),
                    w.valueBytes(), w.fileBytes(), DataFile.checksumText(w.checksum()), "2026-01-01T00:00:00Z", 0);
            AnnData back = null;
            for (int rep = 0; rep < 3; rep++) {
                back = null;
                start();
                back = DataFile.read(f, meta, codec);
                stop(name + ": DataFile.read (decode)");
            }
            System.out.println(name + ": X equal after decode: " + back.x().equals(v.x()) + " valueBytes " + w.valueBytes());
        }
        // raw write + fsync of the same amount
        Path g = scratch.resolve(name + ".raw");
        Files.deleteIfExists(g);
        byte[] junk = new byte[1 << 20];
        new Random(1).nextBytes(junk);
        start();
        try (var ch = java.nio.channels.FileChannel.open(g, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long done = 0; done < w.fileBytes(); done += junk.length) ch.write(java.nio.ByteBuffer.wrap(junk));
            ch.force(true);
        }
        stop(name + ": raw write+fsync same bytes");
        Files.deleteIfExists(g);
        start();
        DataFile.verify(f);
        stop(name + ": verify (read+xxhash)");
        Files.deleteIfExists(f);
    }
}
