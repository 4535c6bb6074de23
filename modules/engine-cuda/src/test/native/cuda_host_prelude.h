// Lets ScaleLab's .cu kernel sources compile as host C++ for the fake CUDA library (fake_cuda.cpp), a test
// double used where no GPU exists. Each CUDA thread of a block runs on its own std::thread when the kernel
// synchronizes (__syncthreads), else serially; blocks run one after another, so `static` is block-shared memory.
#pragma once
#include <cmath>
#include <barrier>

struct sl_dim3 { unsigned x, y, z; };
extern thread_local sl_dim3 threadIdx;
extern thread_local sl_dim3 blockIdx;
extern sl_dim3 blockDim;
extern sl_dim3 gridDim;
extern std::barrier<>* sl_block_barrier;

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static
inline void __syncthreads() { sl_block_barrier->arrive_and_wait(); }
// Correctly rounded double intrinsics: on x86-64 (SSE2, no FMA contraction without -mfma) plain operators are.
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __ddiv_rn(double a, double b) { return a / b; }
inline double __dsqrt_rn(double a) { return std::sqrt(a); }
