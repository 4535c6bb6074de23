/**
 * Dense FP64 linear algebra the engine needs beyond the training primitives: batches of minimum-norm
 * least-squares problems (the random-feature certificates of the memorization experiment). {@link
 * dev.scalelab.engine.linalg.SvdLeastSquares} is the definition; {@link
 * dev.scalelab.engine.linalg.PivotedQrLeastSquares} the fast method (also run as a CUDA kernel by engine-cuda),
 * {@link dev.scalelab.engine.linalg.CpuLeastSquares} runs it on all cores. No ND4J here.
 */
package dev.scalelab.engine.linalg;
