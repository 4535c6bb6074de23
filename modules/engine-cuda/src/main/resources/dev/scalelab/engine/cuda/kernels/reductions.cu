// ScaleLab reductions over [K, rows, cols] tensors: bias gradients and per-model losses with their gradients.
// Deterministic (no atomics): every sum has a fixed order, so runs repeat bit for bit on one GPU.
// Sums accumulate in double for both float and double tensors. Blocks of the loss kernels must be
// SL_BLOCK threads (the launcher uses exactly that).

#define SL_BLOCK 256

__device__ __forceinline__ float sl_exp(float x) { return expf(x); }
__device__ __forceinline__ double sl_exp(double x) { return exp(x); }

// gradBias[k, 0, j] = sum over rows of gradZ[k, row, j]; one thread per (k, j).
template <typename T>
__device__ void sl_sum_rows(const T* gradZ, T* gradBias, int models, int rows, int cols) {
    long long total = (long long)models * cols;
    for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < total;
         t += (long long)blockDim.x * gridDim.x) {
        long long k = t / cols;
        int j = (int)(t % cols);
        const T* base = gradZ + k * rows * (long long)cols + j;
        double s = 0;
        for (int r = 0; r < rows; r++) {
            s += (double)base[(long long)r * cols];
        }
        gradBias[t] = (T)s;
    }
}

// Sum of a block's values; every thread gets the total.
__device__ double sl_block_sum(double v, double* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (unsigned stride = SL_BLOCK / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) {
            shared[threadIdx.x] += shared[threadIdx.x + stride];
        }
        __syncthreads();
    }
    double total = shared[0];
    __syncthreads();
    return total;
}

// MSE, mean over all elements of a model (torch.nn.MSELoss): loss[k] = sum (o - y)^2 / (rows cols);
// grad = 2 (o - y) / (rows cols) when grad is not null. One block per model.
template <typename T>
__device__ void sl_mse(const T* out, const T* target, T* grad, double* loss, int rows, int cols) {
    __shared__ double shared[SL_BLOCK];
    long long perModel = (long long)rows * cols;
    long long base = (long long)blockIdx.x * perModel;
    T scale = (T)(2.0 / (double)perModel);
    double acc = 0;
    for (long long i = threadIdx.x; i < perModel; i += SL_BLOCK) {
        T d = out[base + i] - target[base + i];
        acc += (double)d * (double)d;
        if (grad != 0) {
            grad[base + i] = scale * d;
        }
    }
    double total = sl_block_sum(acc, shared);
    if (threadIdx.x == 0) {
        loss[blockIdx.x] = total / (double)perModel;
    }
}

// Softmax cross-entropy with one-hot (or soft) targets, mean over the batch:
// loss[k] = -sum_rows sum_c y log softmax(o) / rows; grad = (softmax(o) - y) / rows. One block per model, one
// thread per row (rows strided over the block).
template <typename T>
__device__ void sl_softmax_ce(const T* out, const T* target, T* grad, double* loss, int rows, int cols) {
    __shared__ double shared[SL_BLOCK];
    long long base = (long long)blockIdx.x * rows * (long long)cols;
    double acc = 0;
    for (int r = threadIdx.x; r < rows; r += SL_BLOCK) {
        const T* o = out + base + (long long)r * cols;
        const T* y = target + base + (long long)r * cols;
        T mx = o[0];
        for (int c = 1; c < cols; c++) {
            mx = o[c] > mx ? o[c] : mx;
        }
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += (double)sl_exp((T)(o[c] - mx));
        }
        double lse = (double)mx + log(sum);
        for (int c = 0; c < cols; c++) {
            double logp = (double)o[c] - lse;
            acc -= (double)y[c] * logp;
            if (grad != 0) {
                grad[base + (long long)r * cols + c] = (T)((exp(logp) - (double)y[c]) / (double)rows);
            }
        }
    }
    double total = sl_block_sum(acc, shared);
    if (threadIdx.x == 0) {
        loss[blockIdx.x] = total / (double)rows;
    }
}

#define SL_REDUCTIONS(T, S)                                                                                   \
    extern "C" __global__ void sl_sum_rows_##S(const T* gradZ, T* gradBias, int models, int rows, int cols) { \
        sl_sum_rows<T>(gradZ, gradBias, models, rows, cols);                                                 \
    }                                                                                                          \
    extern "C" __global__ void sl_mse_##S(const T* out, const T* target, T* grad, double* loss, int rows,     \
                                          int cols) {                                                        \
        sl_mse<T>(out, target, grad, loss, rows, cols);                                                      \
    }                                                                                                          \
    extern "C" __global__ void sl_softmax_ce_##S(const T* out, const T* target, T* grad, double* loss,        \
                                                 int rows, int cols) {                                       \
        sl_softmax_ce<T>(out, target, grad, loss, rows, cols);                                               \
    }

SL_REDUCTIONS(float, f32)
SL_REDUCTIONS(double, f64)
