package dev.scalelab.pruning.imp;

import dev.scalelab.core.run.AtomicFiles;
import dev.scalelab.core.spec.MlpSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary files of a level: the masks and the weights of K models (one per seed), written atomically. Layout,
 * big-endian: magic, format version 1, K, layer count, per layer fan_in and fan_out; then per model and layer
 * the mask bits (masks) or float32 weights followed by float32 biases (weights). Weights are float32 because
 * the engine trains in FP32, so a resumed level continues from exactly the values it stopped with.
 */
public final class LevelFiles {
    private static final int MASK_MAGIC = 0x534c4d4b; // "SLMK"
    private static final int WEIGHT_MAGIC = 0x534c5754; // "SLWT"

    /** Host copies of K models' parameters: weights.get(k).get(l) row-major [fan_in, fan_out]. */
    public record Parameters(List<List<double[]>> weights, List<List<double[]>> biases) {
        public int models() {
            return weights.size();
        }
    }

    private LevelFiles() {
    }

    public static void writeMasks(Path file, MlpSpec spec, List<Mask> masks) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            header(out, MASK_MAGIC, spec, masks.size());
            for (Mask m : masks) {
                for (int l = 0; l < spec.layerCount(); l++) {
                    int acc = 0;
                    int bits = 0;
                    for (int i = 0; i < m.size(l); i++) {
                        acc = (acc << 1) | (m.kept(l, i) ? 1 : 0);
                        if (++bits == 8) {
                            out.writeByte(acc);
                            acc = 0;
                            bits = 0;
                        }
                    }
                    if (bits > 0) {
                        out.writeByte(acc << (8 - bits));
                    }
                }
            }
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    public static List<Mask> readMasks(Path file, MlpSpec spec) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int k = checkHeader(in, MASK_MAGIC, spec, file);
            List<Mask> masks = new ArrayList<>();
            for (int m = 0; m < k; m++) {
                List<boolean[]> layers = new ArrayList<>();
                for (int l = 0; l < spec.layerCount(); l++) {
                    boolean[] keep = new boolean[spec.fanIn(l) * spec.fanOut(l)];
                    int acc = 0;
                    for (int i = 0; i < keep.length; i++) {
                        if (i % 8 == 0) {
                            acc = in.readUnsignedByte();
                        }
                        keep[i] = ((acc >> (7 - i % 8)) & 1) != 0;
                    }
                    layers.add(keep);
                }
                masks.add(Mask.of(layers));
            }
            return masks;
        }
    }

    public static void writeParameters(Path file, MlpSpec spec, Parameters p) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            header(out, WEIGHT_MAGIC, spec, p.models());
            for (int m = 0; m < p.models(); m++) {
                for (int l = 0; l < spec.layerCount(); l++) {
                    for (double v : p.weights().get(m).get(l)) {
                        out.writeFloat((float) v);
                    }
                    for (double v : p.biases().get(m).get(l)) {
                        out.writeFloat((float) v);
                    }
                }
            }
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    public static Parameters readParameters(Path file, MlpSpec spec) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int k = checkHeader(in, WEIGHT_MAGIC, spec, file);
            List<List<double[]>> w = new ArrayList<>();
            List<List<double[]>> b = new ArrayList<>();
            for (int m = 0; m < k; m++) {
                List<double[]> wm = new ArrayList<>();
                List<double[]> bm = new ArrayList<>();
                for (int l = 0; l < spec.layerCount(); l++) {
                    wm.add(readFloats(in, spec.fanIn(l) * spec.fanOut(l)));
                    bm.add(readFloats(in, spec.fanOut(l)));
                }
                w.add(wm);
                b.add(bm);
            }
            return new Parameters(w, b);
        }
    }

    private static double[] readFloats(DataInputStream in, int n) throws IOException {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    private static void header(DataOutputStream out, int magic, MlpSpec spec, int models) throws IOException {
        out.writeInt(magic);
        out.writeInt(1);
        out.writeInt(models);
        out.writeInt(spec.layerCount());
        for (int l = 0; l < spec.layerCount(); l++) {
            out.writeInt(spec.fanIn(l));
            out.writeInt(spec.fanOut(l));
        }
    }

    private static int checkHeader(DataInputStream in, int magic, MlpSpec spec, Path file) throws IOException {
        if (in.readInt() != magic || in.readInt() != 1) {
            throw new IOException(file + ": not a ScaleLab level file of this kind/version");
        }
        int k = in.readInt();
        if (in.readInt() != spec.layerCount()) {
            throw new IOException(file + ": layer count does not match the config");
        }
        for (int l = 0; l < spec.layerCount(); l++) {
            if (in.readInt() != spec.fanIn(l) || in.readInt() != spec.fanOut(l)) {
                throw new IOException(file + ": layer " + l + " shape does not match the config");
            }
        }
        return k;
    }
}
