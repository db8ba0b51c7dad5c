package org.cellbook.core.tcr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.cellbook.core.env.Project;

/** Test helper: the raw cdr3 column of one chain from a real Cell Ranger contig file (plain CSV read). */
final class RealCdr3 {
    private RealCdr3() {
    }

    static Path contigs(String sample) {
        return Project.sharedRealData().resolve("djvdj-splen").resolve(sample + "_TCR").resolve("filtered_contig_annotations.csv.gz");
    }

    static List<String> cdr3(String sample, String chain) {
        Path file = contigs(sample);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            List<String> header = Arrays.asList(r.readLine().split(",", -1));
            int chainCol = header.indexOf("chain");
            int cdr3Col = header.indexOf("cdr3");
            List<String> out = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",", -1);
                if (f[chainCol].equals(chain)) {
                    out.add(f[cdr3Col]);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
