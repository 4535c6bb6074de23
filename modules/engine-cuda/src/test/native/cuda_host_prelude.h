// Lets ScaleLab's .cu kernel sources compile as host C++ for the fake CUDA library (fake_cuda.cpp), a test
// double used where no GPU exists. When the kernel synchronizes (__syncthreads) each CUDA thread of a block is a
// coroutine with its own stack, all on the calling thread: __syncthreads hands over to the next thread of the
// block, and a block's threads go past a barrier only once all have reached it. Otherwise threads run serially.
// Blocks run one after another, so `static` is block-shared memory and one buffer, allocated per launch by the
// fake driver, is the block's dynamic shared memory.
#pragma once
#include <cmath>
#include <cstring>

struct sl_dim3 { unsigned x, y, z; };
extern thread_local sl_dim3 threadIdx;
extern thread_local sl_dim3 blockIdx;
extern sl_dim3 blockDim;
extern sl_dim3 gridDim;
extern unsigned char* sl_dynamic_shared;

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static
#define SL_DYNAMIC_SHARED(name) unsigned char* name = sl_dynamic_shared
void __syncthreads();
// Correctly rounded double intrinsics: on x86-64 (SSE2, no FMA contraction without -mfma) plain operators are.
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __ddiv_rn(double a, double b) { return a / b; }
inline double __dsqrt_rn(double a) { return std::sqrt(a); }
inline unsigned int __float_as_uint(float f) { unsigned int u; std::memcpy(&u, &f, sizeof u); return u; }
