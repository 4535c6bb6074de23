package dev.scalelab.engine.compute;

/** The [K, rows, cols] shape every backend's tensor carries; backends add where the data lives. */
public abstract class ShapedTensor implements Tensor {
    private final int models;
    private final int rows;
    private final int cols;

    protected ShapedTensor(int models, int rows, int cols) {
        this.models = models;
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public final int models() {
        return models;
    }

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final int cols() {
        return cols;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + models + ", " + rows + ", " + cols + "]";
    }
}
