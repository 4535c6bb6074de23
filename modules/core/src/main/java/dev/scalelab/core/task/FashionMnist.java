package dev.scalelab.core.task;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.data.IdxFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fashion-MNIST as installed by Debian's {@code dataset-fashion-mnist} package. */
public final class FashionMnist {
    public static final int PIXELS = 28 * 28;
    public static final int CLASSES = 10;
    public static final int TRAIN_SIZE = 60_000;
    public static final int TEST_SIZE = 10_000;
    public static final String INSTALL_HINT = "install it with: apt-get install -y dataset-fashion-mnist";

    private final Path directory;

    public FashionMnist(Path directory) {
        this.directory = directory;
    }

    /** {@code $SCALELAB_FASHION_MNIST} if set, else Debian's location. */
    public static Path defaultDirectory() {
        String env = System.getenv("SCALELAB_FASHION_MNIST");
        return Path.of(env != null && !env.isBlank() ? env : "/usr/share/datasets/fashion-mnist");
    }

    public Dataset load(boolean test) {
        String prefix = test ? "t10k" : "train";
        Path images = directory.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = directory.resolve(prefix + "-labels-idx1-ubyte.gz");
        for (Path p : new Path[] {images, labels}) {
            if (!Files.isReadable(p)) {
                throw new UserInputException("Fashion-MNIST file not found: " + p + " (" + INSTALL_HINT + ")");
            }
        }
        IdxFile img = IdxFile.read(images);
        IdxFile lab = IdxFile.read(labels);
        if (img.dimensions().length != 3 || img.dimensions()[1] * img.dimensions()[2] != PIXELS) {
            throw new UserInputException(images + ": expected 28×28 images, got shape "
                    + java.util.Arrays.toString(img.dimensions()));
        }
        int n = img.dimensions()[0];
        if (lab.dimensions().length != 1 || lab.dimensions()[0] != n) {
            throw new UserInputException(labels + ": expected " + n + " labels, got shape "
                    + java.util.Arrays.toString(lab.dimensions()));
        }
        byte[] px = img.data();
        float[] x = new float[n * PIXELS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (px[i] & 0xff) / 255f;
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = lab.data()[i] & 0xff;
            if (y[i] >= CLASSES) {
                throw new UserInputException(labels + ": label " + y[i] + " at row " + i + " is not in 0..9");
            }
        }
        return Dataset.classification(n, PIXELS, CLASSES, x, y);
    }
}
