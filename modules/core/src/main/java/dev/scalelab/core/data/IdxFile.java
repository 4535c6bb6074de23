package dev.scalelab.core.data;

import dev.scalelab.core.UserInputException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** An IDX file of unsigned bytes (MNIST format: magic 0x00000803 for images, 0x00000801 for labels). */
public record IdxFile(int[] dimensions, byte[] data) {

    public static IdxFile read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             DataInputStream din = new DataInputStream(in)) {
            int magic = din.readInt();
            if ((magic >>> 8) != 0x08) {
                throw new UserInputException(file + ": not an unsigned-byte IDX file (magic " + magic + ")");
            }
            int rank = magic & 0xff;
            if (rank < 1 || rank > 4) {
                throw new UserInputException(file + ": IDX rank " + rank + " not supported");
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = din.readInt();
                if (dims[i] <= 0) {
                    throw new UserInputException(file + ": IDX dimension " + i + " is " + dims[i]);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new UserInputException(file + ": IDX file too large (" + total + " bytes)");
            }
            byte[] data = new byte[(int) total];
            din.readFully(data);
            return new IdxFile(dims, data);
        } catch (java.io.EOFException e) {
            throw new UserInputException(file + ": truncated IDX file");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
