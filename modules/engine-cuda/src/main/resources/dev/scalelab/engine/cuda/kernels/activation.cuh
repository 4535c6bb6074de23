// Activations shared by the kernel sources that include this header (KernelCompiler inlines it for NVRTC; nvcc
// and the fake library's g++ find it beside the .cu file).
#ifndef SL_ACTIVATION_CUH
#define SL_ACTIVATION_CUH

// Activation codes are the SL_ACT_* macros of the prelude that dev.scalelab.engine.cuda.KernelPrelude generates
// from dev.scalelab.core.spec.Activation and compiles in front of every source: relu, requ = max(x,0)^2, sigmoid,
// gaussian exp(-x^2), tanh, identity. An activation added to the enum must be added to both switches below.
#if SL_ACT_COUNT != 6
#error "dev.scalelab.core.spec.Activation changed: handle every SL_ACT_* in sl_activate and sl_derivative"
#endif

__device__ __forceinline__ float sl_exp(float x) { return expf(x); }
__device__ __forceinline__ double sl_exp(double x) { return exp(x); }
__device__ __forceinline__ float sl_tanh(float x) { return tanhf(x); }
__device__ __forceinline__ double sl_tanh(double x) { return tanh(x); }
// An unknown activation code gives NaN, so a mismatch cannot pass unnoticed.
__device__ __forceinline__ float sl_not_a_number(float) { return nanf(""); }
__device__ __forceinline__ double sl_not_a_number(double) { return nan(""); }

template <typename T>
__device__ __forceinline__ T sl_activate(int act, T z) {
    switch (act) {
        case SL_ACT_RELU: return z > T(0) ? z : T(0);
        case SL_ACT_REQU: { T r = z > T(0) ? z : T(0); return r * r; }
        case SL_ACT_SIGMOID: return T(1) / (T(1) + sl_exp(-z));
        case SL_ACT_GAUSSIAN: return sl_exp(-(z * z));
        case SL_ACT_TANH: return sl_tanh(z);
        case SL_ACT_IDENTITY: return z;
        default: return sl_not_a_number(z);
    }
}

// d act / d z, from the pre-activation z and the activation a = act(z) (as the CPU backend computes it).
template <typename T>
__device__ __forceinline__ T sl_derivative(int act, T z, T a) {
    switch (act) {
        case SL_ACT_RELU: return z > T(0) ? T(1) : T(0);
        case SL_ACT_REQU: return z > T(0) ? T(2) * z : T(0);
        case SL_ACT_SIGMOID: return (T(1) - a) * a;
        case SL_ACT_GAUSSIAN: return T(-2) * (z * a);
        case SL_ACT_TANH: return T(1) - a * a;
        case SL_ACT_IDENTITY: return T(1);
        default: return sl_not_a_number(z);
    }
}

#endif
