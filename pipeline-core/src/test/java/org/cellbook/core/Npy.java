package org.cellbook.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cellbook.core.data.Matrix;

/** Writes a matrix as a NumPy .npy file (float32, little-endian, C order) for Python-side comparisons. */
public final class Npy {
    private Npy() {
    }

    public static void write(Path path, Matrix m) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + m.nRows() + ", " + m.nCols() + "), }";
        int headerLen = 10 + dict.length() + 1;
        int pad = (64 - headerLen % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length());
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(head.array());
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer row = ByteBuffer.allocate(4 * m.nCols()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < m.nRows(); i++) {
                row.clear();
                for (int j = 0; j < m.nCols(); j++) {
                    row.putFloat(m.get(i, j));
                }
                out.write(row.array());
            }
        }
    }
}
