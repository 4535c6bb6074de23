// Fused small MLPs: one launch runs the forward pass, the loss with its gradient and the backward pass of K MLPs,
// keeping every activation in shared memory (the design is docs/cuda.md, "Fused small MLPs"). Written after
// studying the idea of NVIDIA tiny-cuda-nn's fully fused MLP (a block holds a chunk of the batch on chip through
// all layers); width is a run-time value here, not a template parameter, so every width up to 128 is served.
//
// Grid: one block per (model k, slice s), blockIdx.x = k * slices + s; a slice is `sliceRows` consecutive rows of
// the batch, walked in chunks of `chunkRows` rows. For each chunk the block loads the inputs, runs every layer
// (activations A_l and derivatives D_l = act'(z_l) stay in shared memory), forms the loss gradient, and runs the
// layers backwards, adding the chunk's weight and bias gradients to the block's own gradient region: the model's
// gradient tensors when slices == 1, else its slice of `partial`, which sl_fused_mlp_reduce sums in slice order.
// No atomics: results repeat bit for bit.
//
// `table` (device memory, long long): depth, input width, parameters per model P, then per layer
// W, b, gradW, gradB (device pointers to the [K, ...] tensors) and the layer's output width.
// Shared memory (dynamic): the bias gradients' running sums (double, sum of all widths), then in T: X [R, in], per
// layer A_l [R, w_l] and for hidden layers D_l [R, w_l], two gradient buffers [R, max w]; R = chunkRows. Blocks
// have a power-of-two number of threads, at most SL_FUSED_THREADS.
//
// Products accumulate in T (FP32 or FP64 FMA); TF32 tensor cores are not used (see docs/cuda.md). Bias gradients
// and losses are summed in double, row by row in order, as sl_sum_rows and the loss kernels do.

#include "activation.cuh"

#define SL_FUSED_THREADS 256

#ifndef SL_DYNAMIC_SHARED
#define SL_DYNAMIC_SHARED(name) extern __shared__ __align__(16) unsigned char name[]
#endif

__device__ __forceinline__ int sl_fused_width(const long long* table, int layer) {
    return layer < 0 ? (int)table[1] : (int)table[3 + 5 * layer + 4];
}

template <typename T>
__device__ __forceinline__ T* sl_fused_ptr(const long long* table, int layer, int field) {
    return (T*)(size_t)table[3 + 5 * layer + field];
}

// Offset (in T) of layer l's activation chunk in shared memory; its derivative chunk follows it.
__device__ __forceinline__ long long sl_fused_act_offset(const long long* table, int layer, int rows) {
    int depth = (int)table[0];
    long long off = (long long)rows * table[1];
    for (int m = 0; m < layer; m++) {
        off += (long long)rows * sl_fused_width(table, m) * (m < depth - 1 ? 2 : 1);
    }
    return off;
}

// Offset (in elements of the per-model parameter vector) of layer l's weights; its bias follows them.
__device__ __forceinline__ long long sl_fused_param_offset(const long long* table, int layer) {
    long long off = 0;
    for (int m = 0; m < layer; m++) {
        off += (long long)sl_fused_width(table, m - 1) * sl_fused_width(table, m) + sl_fused_width(table, m);
    }
    return off;
}

template <typename T>
__device__ void sl_fused_mlp(const long long* table, const T* input, const T* target, T* partial,
                             double* lossPartial, double* losses, int rows, int chunkRows, int sliceRows,
                             int slices, int act, int lossKind) {
    SL_DYNAMIC_SHARED(sl_fused_shared);
    __shared__ double red[SL_FUSED_THREADS];
    const int depth = (int)table[0];
    const int inDim = (int)table[1];
    const long long perModel = table[2];
    const int outDim = sl_fused_width(table, depth - 1);
    const int k = blockIdx.x / slices;
    const int s = blockIdx.x % slices;
    const int tid = threadIdx.x;
    const int nt = blockDim.x;
    const int R = chunkRows;
    int maxW = 0;
    int biasCount = 0;
    for (int l = 0; l < depth; l++) {
        maxW = sl_fused_width(table, l) > maxW ? sl_fused_width(table, l) : maxW;
        biasCount += sl_fused_width(table, l);
    }
    double* biasAcc = reinterpret_cast<double*>(sl_fused_shared);
    T* sm = reinterpret_cast<T*>(sl_fused_shared + 8 * biasCount);
    for (int i = tid; i < biasCount; i += nt) {
        biasAcc[i] = 0;
    }
    __syncthreads();
    T* X = sm;
    T* gradBuf = sm + sl_fused_act_offset(table, depth, R);
    const int rowBegin = s * sliceRows;
    const int rowEnd = rowBegin + sliceRows < rows ? rowBegin + sliceRows : rows;
    double lossAcc = 0;
    bool first = true;

    for (int r0 = rowBegin; r0 < rowEnd; r0 += R) {
        const int nr = rowEnd - r0 < R ? rowEnd - r0 : R;
        const T* xg = input + ((long long)k * rows + r0) * inDim;
        for (int i = tid; i < nr * inDim; i += nt) {
            X[i] = xg[i];
        }
        __syncthreads();

        // Forward: A_l = act(A_{l-1} W_l + b_l), D_l = act'(z_l); the output layer is linear.
        const T* ain = X;
        int fi = inDim;
        for (int l = 0; l < depth; l++) {
            const int fo = sl_fused_width(table, l);
            const bool hidden = l < depth - 1;
            const T* W = sl_fused_ptr<T>(table, l, 0) + (long long)k * fi * fo;
            const T* b = sl_fused_ptr<T>(table, l, 1) + (long long)k * fo;
            T* A = sm + sl_fused_act_offset(table, l, R);
            T* D = A + (long long)R * fo;
            for (int idx = tid; idx < nr * fo; idx += nt) {
                const int r = idx / fo;
                const int j = idx - r * fo;
                const T* a = ain + r * fi;
                T acc = T(0);
                for (int i = 0; i < fi; i++) {
                    acc += a[i] * W[i * fo + j];
                }
                const T z = acc + b[j];
                const T av = sl_activate<T>(hidden ? act : SL_ACT_IDENTITY, z);
                A[idx] = av;
                if (hidden) {
                    D[idx] = sl_derivative<T>(act, z, av);
                }
            }
            __syncthreads();
            ain = A;
            fi = fo;
        }

        // Loss and its gradient with respect to the outputs (the same arithmetic as reductions.cu).
        const T* out = ain;
        const T* y = target + ((long long)k * rows + r0) * outDim;
        T* G = gradBuf;
        if (lossKind == 0) {
            const T scale = (T)(2.0 / ((double)rows * outDim));
            for (int idx = tid; idx < nr * outDim; idx += nt) {
                const T d = out[idx] - y[idx];
                lossAcc += (double)d * (double)d;
                G[idx] = scale * d;
            }
        } else {
            for (int r = tid; r < nr; r += nt) {
                const T* o = out + r * outDim;
                const T* yr = y + r * outDim;
                T mx = o[0];
                for (int c = 1; c < outDim; c++) {
                    mx = o[c] > mx ? o[c] : mx;
                }
                double sum = 0;
                for (int c = 0; c < outDim; c++) {
                    sum += (double)sl_exp((T)(o[c] - mx));
                }
                const double lse = (double)mx + log(sum);
                for (int c = 0; c < outDim; c++) {
                    const double logp = (double)o[c] - lse;
                    lossAcc -= (double)yr[c] * logp;
                    G[r * outDim + c] = (T)((exp(logp) - (double)yr[c]) / (double)rows);
                }
            }
        }
        __syncthreads();

        // Backward: gradW_l += A_{l-1}^T G_l, gradB_l += sum_rows G_l, G_{l-1} = (G_l W_l^T) * D_{l-1}.
        int biasOffset = biasCount;
        for (int l = depth - 1; l >= 0; l--) {
            const int fo = sl_fused_width(table, l);
            const int fIn = sl_fused_width(table, l - 1);
            const T* a = l == 0 ? X : sm + sl_fused_act_offset(table, l - 1, R);
            T* gW = slices == 1 ? sl_fused_ptr<T>(table, l, 2) + (long long)k * fIn * fo
                                : partial + ((long long)k * slices + s) * perModel + sl_fused_param_offset(table, l);
            biasOffset -= fo;
            for (int idx = tid; idx < fIn * fo; idx += nt) {
                const int i = idx / fo;
                const int j = idx - i * fo;
                T acc = T(0);
                for (int r = 0; r < nr; r++) {
                    acc += a[r * fIn + i] * G[r * fo + j];
                }
                gW[idx] = first ? acc : gW[idx] + acc;
            }
            for (int j = tid; j < fo; j += nt) {
                double acc = biasAcc[biasOffset + j];
                for (int r = 0; r < nr; r++) {
                    acc += (double)G[r * fo + j];
                }
                biasAcc[biasOffset + j] = acc;
            }
            if (l > 0) {
                const T* W = sl_fused_ptr<T>(table, l, 0) + (long long)k * fIn * fo;
                const T* D = a + (long long)R * fIn;
                T* next = G == gradBuf ? gradBuf + (long long)R * maxW : gradBuf;
                for (int idx = tid; idx < nr * fIn; idx += nt) {
                    const int r = idx / fIn;
                    const int i = idx - r * fIn;
                    T acc = T(0);
                    for (int j = 0; j < fo; j++) {
                        acc += G[r * fo + j] * W[i * fo + j];
                    }
                    next[idx] = acc * D[idx];
                }
                __syncthreads();
                G = next;
            }
        }
        __syncthreads();
        first = false;
    }

    // The bias gradients; a slice without rows (never planned, but harmless) also zeroes its weight gradients.
    for (int l = 0, biasOffset = 0; l < depth; l++) {
        const int fo = sl_fused_width(table, l);
        const int fIn = sl_fused_width(table, l - 1);
        T* gW = slices == 1 ? sl_fused_ptr<T>(table, l, 2) + (long long)k * fIn * fo
                            : partial + ((long long)k * slices + s) * perModel + sl_fused_param_offset(table, l);
        T* gB = slices == 1 ? sl_fused_ptr<T>(table, l, 3) + (long long)k * fo : gW + (long long)fIn * fo;
        for (int idx = tid; first && idx < fIn * fo; idx += nt) {
            gW[idx] = T(0);
        }
        for (int j = tid; j < fo; j += nt) {
            gB[j] = (T)biasAcc[biasOffset + j];
        }
        biasOffset += fo;
    }

    red[tid] = lossAcc;
    __syncthreads();
    for (int stride = nt / 2; stride > 0; stride >>= 1) {
        if (tid < stride) {
            red[tid] += red[tid + stride];
        }
        __syncthreads();
    }
    if (tid == 0) {
        if (slices == 1) {
            losses[k] = red[0] / (lossKind == 0 ? (double)rows * outDim : (double)rows);
        } else {
            lossPartial[blockIdx.x] = red[0];
        }
    }
}

// Sums the slices' gradients into each model's gradient tensors and their losses into the K losses, in slice
// order. One thread per (model, parameter); threads t < K also finish model t's loss.
template <typename T>
__device__ void sl_fused_mlp_reduce(const long long* table, const T* partial, const double* lossPartial,
                                    double* losses, int models, int slices, int rows, int lossKind) {
    const int depth = (int)table[0];
    const long long perModel = table[2];
    const int outDim = sl_fused_width(table, depth - 1);
    const long long total = (long long)models * perModel;
    for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < total;
         t += (long long)blockDim.x * gridDim.x) {
        const long long k = t / perModel;
        const long long p = t - k * perModel;
        const T* src = partial + k * slices * perModel + p;
        T sum = T(0);
        for (int s = 0; s < slices; s++) {
            sum += src[(long long)s * perModel];
        }
        long long off = 0;
        for (int l = 0; l < depth; l++) {
            const long long fIn = sl_fused_width(table, l - 1);
            const long long fo = sl_fused_width(table, l);
            if (p < off + fIn * fo) {
                sl_fused_ptr<T>(table, l, 2)[k * fIn * fo + (p - off)] = sum;
                break;
            }
            off += fIn * fo;
            if (p < off + fo) {
                sl_fused_ptr<T>(table, l, 3)[k * fo + (p - off)] = sum;
                break;
            }
            off += fo;
        }
        if (t < models) {
            double loss = 0;
            for (int s = 0; s < slices; s++) {
                loss += lossPartial[t * slices + s];
            }
            losses[t] = loss / (lossKind == 0 ? (double)rows * outDim : (double)rows);
        }
    }
}

#define SL_FUSED(T, S)                                                                                         \
    extern "C" __global__ void sl_fused_mlp_##S(const long long* table, const T* input, const T* target,      \
                                                T* partial, double* lossPartial, double* losses, int rows,    \
                                                int chunkRows, int sliceRows, int slices, int act,            \
                                                int lossKind) {                                              \
        sl_fused_mlp<T>(table, input, target, partial, lossPartial, losses, rows, chunkRows, sliceRows,       \
                        slices, act, lossKind);                                                              \
    }                                                                                                          \
    extern "C" __global__ void sl_fused_mlp_reduce_##S(const long long* table, const T* partial,              \
                                                       const double* lossPartial, double* losses,            \
                                                       int models, int slices, int rows, int lossKind) {     \
        sl_fused_mlp_reduce<T>(table, partial, lossPartial, losses, models, slices, rows, lossKind);          \
    }

SL_FUSED(float, f32)
SL_FUSED(double, f64)
