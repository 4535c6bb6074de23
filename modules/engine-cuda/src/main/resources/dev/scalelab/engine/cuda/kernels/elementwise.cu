// ScaleLab elementwise kernels over [K, rows, cols] tensors (row-major, model k's block is contiguous).
// Compiled at first use by NVRTC for the GPU's own architecture; its one header, activation.cuh, is inlined by
// KernelCompiler. Each template is instantiated for float (suffix _f32) and double (_f64) under extern "C"
// names. Semantics match dev.scalelab.engine.nd4j.Nd4jBackend exactly (see ComputeBackend's javadoc).
//
// The BF16 mode keeps a BF16 copy (unsigned short bits) of every product operand beside its FP32 tensor; the
// kernels that write such a tensor also write its copy when given one (`copy`, else null), so the copy never
// needs a pass of its own. Rounding is to nearest, ties to even, as dev.scalelab.engine.cuda tests check bit for bit.

#include "activation.cuh"

__device__ __forceinline__ float sl_sqrt(float x) { return sqrtf(x); }
__device__ __forceinline__ double sl_sqrt(double x) { return sqrt(x); }

// float -> bfloat16 bits, round to nearest even (like __float2bfloat16_rn): subnormals round like normal
// numbers, overflow rounds to infinity, -0 stays -0; every NaN becomes the quiet NaN 0x7fc0 (as PyTorch's c10).
__device__ __forceinline__ unsigned short sl_bf16(float f) {
    unsigned int u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) {
        return (unsigned short)0x7fc0u;
    }
    u += 0x7fffu + ((u >> 16) & 1u);
    return (unsigned short)(u >> 16);
}

#define SL_GRID_STRIDE(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
         i += (long long)blockDim.x * gridDim.x)

// z[k] += bias[k] (bias [K, 1, cols] broadcast over rows); a = act(z). a may alias z. copy: a's BF16 copy or null.
template <typename T>
__device__ void sl_bias_act_forward(T* z, const T* bias, T* a, long long n, int rows, int cols, int act,
                                    unsigned short* copy) {
    long long perModel = (long long)rows * cols;
    SL_GRID_STRIDE(i, n) {
        long long k = i / perModel;
        int col = (int)(i % cols);
        T v = z[i] + bias[k * cols + col];
        z[i] = v;
        T out = sl_activate<T>(act, v);
        a[i] = out;
        if (copy != 0) {
            copy[i] = sl_bf16((float)out);
        }
    }
}

// gradZ = gradA * act'(z); gradZ may alias gradA. copy: gradZ's BF16 copy or null.
template <typename T>
__device__ void sl_act_backward(const T* gradA, const T* z, const T* a, T* gradZ, long long n, int act,
                                unsigned short* copy) {
    SL_GRID_STRIDE(i, n) {
        T g = gradA[i] * sl_derivative<T>(act, z[i], a[i]);
        gradZ[i] = g;
        if (copy != 0) {
            copy[i] = sl_bf16((float)g);
        }
    }
}

// param *= mask (0/1). copy: param's BF16 copy or null.
template <typename T>
__device__ void sl_mask(T* param, const T* mask, long long n, unsigned short* copy) {
    SL_GRID_STRIDE(i, n) {
        T p = param[i] * mask[i];
        param[i] = p;
        if (copy != 0) {
            copy[i] = sl_bf16((float)p);
        }
    }
}

// copy = bf16(x): the BF16 copy of a tensor whose FP32 values were written by something else (an upload, a GEMM,
// a loss gradient).
__device__ void sl_round_bf16(const float* x, unsigned short* copy, long long n) {
    SL_GRID_STRIDE(i, n) {
        copy[i] = sl_bf16(x[i]);
    }
}

// SplitMix64's finaliser (64-bit wrapping arithmetic, logical shifts).
__device__ __forceinline__ unsigned long long sl_mix64(unsigned long long z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// out[i] = dev.scalelab.core.task.ReluTeacher.uniform(seed, first + i), bit for bit: the top 24 bits of
// mix(seed + (index + 1) * golden) scaled into [-1/2, 1/2). Every float operation is exact (24 bits, a power of two,
// a difference of 24-bit multiples of 2^-24), so contraction into an FMA changes nothing; FP64 tensors get the
// same float value.
template <typename T>
__device__ void sl_fill_uniform(T* out, long long n, long long seed, long long first) {
    SL_GRID_STRIDE(i, n) {
        unsigned long long index = (unsigned long long)first + (unsigned long long)i;
        unsigned long long bits = sl_mix64((unsigned long long)seed + (index + 1ull) * 0x9e3779b97f4a7c15ull) >> 40;
        out[i] = (T)((float)bits * (1.0f / 16777216.0f) - 0.5f);
    }
}

// b^e by squaring. __dmul_rn is never fused into a multiply-add, so this is the exact sequence of correctly
// rounded operations that dev.scalelab.engine.cuda.AdamCorrections.power performs on the host: bias
// corrections computed here (replayed steps) equal, bit for bit, those the host passes to eager steps.
__device__ double sl_power(double b, long long e) {
    double result = 1.0;
    while (e > 0) {
        if (e & 1) {
            result = __dmul_rn(result, b);
        }
        b = __dmul_rn(b, b);
        e >>= 1;
    }
    return result;
}

// Adam's step clock {t, 1 / (1 - b1^t), 1 / sqrt(1 - b2^t)}, advanced from t-1 to t inside a recorded step, so a
// replayed step does not freeze t. One thread.
__device__ void sl_adam_clock(double* clock, double b1, double b2) {
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        double t = clock[0] + 1.0;
        long long e = (long long)t;
        clock[0] = t;
        clock[1] = __ddiv_rn(1.0, 1.0 - sl_power(b1, e));
        clock[2] = __ddiv_rn(1.0, __dsqrt_rn(1.0 - sl_power(b2, e)));
    }
}

// Learning rates: element i's is lr[i / perRate]. perRate = a model's rows * cols for one rate per model ([K, 1, 1]),
// 1 for one rate per element (the parameter's own shape; the optimizer's contiguous buffer of all layers).
//
// A parameter whose rate is 0 (a frozen model) is not written, so it keeps its bits exactly: p - 0 * x would turn
// -0 into +0 and a NaN update into a NaN parameter. Its moments still change, as on the CPU. The several-steps-per-
// launch loop relies on this (dev.scalelab.engine.train.LaunchedSteps).
//
// torch.optim.Adam step t with learning rate lr (see above):
//   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= (lr / (1-b1^t)) * m / (sqrt(v) / sqrt(1-b2^t) + eps).
// omb1 = 1 - b1 and omb2 = 1 - b2 come from the host, computed in double: 1 - (float)0.999 in float is 1.3e-5
// off (the rounding of b2 magnified 1000x), which biased every float v and so every update by that much.
// stepScale = 1 / (1 - b1^t), invSqrtBc2 = 1 / sqrt(1 - b2^t): arguments computed on the host in double (an
// eager step, clock null) or read from Adam's device clock (a recorded step). One kernel for both, so both
// run the same instructions. copy: p's BF16 copy or null (the BF16 mode's update fused with the cast: FP32 master
// weights and state, one pass).
template <typename T>
__device__ void sl_adam(T* p, const T* g, T* m, T* v, const T* lr, long long n, long long perRate,
                        T b1, T b2, T omb1, T omb2, T eps, T stepScale, T invSqrtBc2, const double* clock,
                        unsigned short* copy) {
    if (clock != 0) {
        stepScale = (T)clock[1];
        invSqrtBc2 = (T)clock[2];
    }
    SL_GRID_STRIDE(i, n) {
        T gi = g[i];
        T mi = b1 * m[i] + omb1 * gi;
        T vi = b2 * v[i] + omb2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        T denom = sl_sqrt(vi) * invSqrtBc2 + eps;
        T rate = lr[i / perRate];
        if (rate != T(0)) {
            T pi = p[i] - (rate * stepScale) * (mi / denom);
            p[i] = pi;
            if (copy != 0) {
                copy[i] = sl_bf16((float)pi);
            }
        }
    }
}

// torch.optim.SGD (no dampening, no Nesterov): buf = momentum buf + g; p -= lr buf. Without momentum the
// buffer is not touched (it may be null): p -= lr g. copy: p's BF16 copy or null.
template <typename T>
__device__ void sl_sgd(T* p, const T* g, T* buf, const T* lr, long long n, long long perRate, T momentum,
                       int useMomentum, unsigned short* copy) {
    SL_GRID_STRIDE(i, n) {
        T d = g[i];
        if (useMomentum) {
            d = momentum * buf[i] + d;
            buf[i] = d;
        }
        T rate = lr[i / perRate];
        if (rate != T(0)) {
            T pi = p[i] - rate * d;
            p[i] = pi;
            if (copy != 0) {
                copy[i] = sl_bf16((float)pi);
            }
        }
    }
}

#define SL_ELEMENTWISE(T, S)                                                                                   \
    extern "C" __global__ void sl_bias_act_forward_##S(T* z, const T* bias, T* a, long long n, int rows,      \
                                                       int cols, int act, unsigned short* copy) {            \
        sl_bias_act_forward<T>(z, bias, a, n, rows, cols, act, copy);                                        \
    }                                                                                                          \
    extern "C" __global__ void sl_act_backward_##S(const T* gradA, const T* z, const T* a, T* gradZ,          \
                                                   long long n, int act, unsigned short* copy) {             \
        sl_act_backward<T>(gradA, z, a, gradZ, n, act, copy);                                                \
    }                                                                                                          \
    extern "C" __global__ void sl_mask_##S(T* param, const T* mask, long long n, unsigned short* copy) {      \
        sl_mask<T>(param, mask, n, copy);                                                                    \
    }                                                                                                          \
    extern "C" __global__ void sl_adam_##S(T* p, const T* g, T* m, T* v, const T* lr, long long n,            \
                                           long long perRate, T b1, T b2, T omb1, T omb2, T eps, T stepScale, \
                                           T invSqrtBc2, const double* clock, unsigned short* copy) {        \
        sl_adam<T>(p, g, m, v, lr, n, perRate, b1, b2, omb1, omb2, eps, stepScale, invSqrtBc2, clock, copy); \
    }                                                                                                          \
    extern "C" __global__ void sl_adam_clock_##S(double* clock, double b1, double b2) {                       \
        sl_adam_clock(clock, b1, b2);                                                                        \
    }                                                                                                          \
    extern "C" __global__ void sl_sgd_##S(T* p, const T* g, T* buf, const T* lr, long long n, long long perRate, \
                                          T momentum, int useMomentum, unsigned short* copy) {               \
        sl_sgd<T>(p, g, buf, lr, n, perRate, momentum, useMomentum, copy);                                  \
    }                                                                                                          \
    extern "C" __global__ void sl_fill_uniform_##S(T* out, long long n, long long seed, long long first) {    \
        sl_fill_uniform<T>(out, n, seed, first);                                                             \
    }

SL_ELEMENTWISE(float, f32)
SL_ELEMENTWISE(double, f64)

extern "C" __global__ void sl_round_bf16_f32(const float* x, unsigned short* copy, long long n) {
    sl_round_bf16(x, copy, n);
}
