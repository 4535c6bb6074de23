// A fake CUDA driver + NVRTC + cuBLAS in one shared library, for testing ScaleLab's JNA bindings where no GPU
// exists. "Device" memory is host memory; kernels are ScaleLab's own .cu sources compiled as host C++
// (cuda_host_prelude.h) and run on the CPU; cublasGemmStridedBatchedEx is a plain column-major loop (TF32
// and BF16 compute types round the FP32 inputs to 10 and 7 mantissa bits, BF16 storage is read as such; both then
// accumulate in float, like tensor cores); stream
// capture records launches, memsets and GEMMs for replay and, like the real driver, refuses host copies,
// allocations and synchronization while a stream is capturing; fake_cuda_count reports how often the driver was
// called (graph captures and launches, kernels run directly, "ran <kernel>" each kernel's runs, replays included, host
// waits: cuStreamSynchronize and the copies to the host);
// FAKE_CUDA_BROKEN_KERNEL names a kernel that does nothing when launched. Build (FakeDriverTest does this):
//   g++ -std=c++20 -O1 -fPIC -shared -I<folder of sl_fake_kernels.inc> -o libfakecuda.so fake_cuda.cpp kernels...
// and expose it as libcuda.so.1, libnvrtc.so.13 and libcublas.so.13 (symlinks: one loaded copy, shared state).
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>
#include <ucontext.h>
#include "cuda_host_prelude.h"

thread_local sl_dim3 threadIdx;
thread_local sl_dim3 blockIdx;
sl_dim3 blockDim;
sl_dim3 gridDim;
unsigned char* sl_dynamic_shared;

typedef long long ll;

// Reads kernel parameter i as type X (ScaleLab passes each argument in its own slot).
template <typename X> static X arg(void** p, int i) { X v; std::memcpy(&v, p[i], sizeof(X)); return v; }

struct Kernel { std::string name; int params; bool syncs; std::function<void(void**)> body; };
static std::vector<Kernel> kernels;

#define P(X, i) arg<X>(params, i)
// The kernels' declarations and registerKernels(), generated from the Java kernel table (Kernel.java) by
// FakeKernels.text() into the build folder.
#include "sl_fake_kernels.inc"

// A kernel that synchronizes runs its CUDA threads as coroutines on the calling thread, in rounds: each round
// resumes every unfinished thread of the block in order until it reaches its next __syncthreads or ends, so no
// thread passes a barrier before all have reached it (CUDA's rule; every thread of a block meets the same
// barriers). Deterministic, and no OS thread per CUDA thread (starting 256 threads per launch made the tests
// slow on a busy machine). On x86-64 a switch saves the callee-saved registers and swaps stacks (a few
// nanoseconds); elsewhere it is ucontext's swapcontext (a system call per switch).
static const size_t COROUTINE_STACK = 256 * 1024;
#if defined(__x86_64__)
struct Coroutine { void* sp = nullptr; };
extern "C" void fake_cuda_switch(void** save, void* resume);
asm(R"(
    .text
    .globl fake_cuda_switch
    .type fake_cuda_switch, @function
fake_cuda_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size fake_cuda_switch, .-fake_cuda_switch
)");
static void switchTo(Coroutine& save, Coroutine& resume) { fake_cuda_switch(&save.sp, resume.sp); }
// A fresh stack whose first switch "returns" into entry (16-byte aligned as at a call, six zero registers).
static void prepare(Coroutine& c, char* stack, void (*entry)()) {
    uintptr_t top = ((uintptr_t)(stack + COROUTINE_STACK)) & ~(uintptr_t)15;
    void** sp = (void**)top;
    *--sp = nullptr;          // entry's return address: entry never returns
    *--sp = (void*)entry;     // popped by fake_cuda_switch's ret
    for (int i = 0; i < 6; i++) *--sp = nullptr;
    c.sp = sp;
}
#else
struct Coroutine { ucontext_t context; };
static void switchTo(Coroutine& save, Coroutine& resume) { swapcontext(&save.context, &resume.context); }
static void prepare(Coroutine& c, char* stack, void (*entry)()) {
    getcontext(&c.context);
    c.context.uc_stack.ss_sp = stack;
    c.context.uc_stack.ss_size = COROUTINE_STACK;
    c.context.uc_link = nullptr;
    makecontext(&c.context, entry, 0);
}
#endif

struct BlockThreads {
    Coroutine scheduler;
    std::vector<Coroutine> threads;
    std::vector<std::unique_ptr<char[]>> stacks;
    std::vector<char> done;
    const std::function<void(void**)>* body = nullptr;
    void** params = nullptr;
    unsigned current = 0;
};
static thread_local BlockThreads blockThreads;

static void coroutineMain() {
    BlockThreads& bt = blockThreads;
    (*bt.body)(bt.params);
    bt.done[bt.current] = 1;
    switchTo(bt.threads[bt.current], bt.scheduler);  // never resumed
    std::abort();
}

void __syncthreads() {
    BlockThreads& bt = blockThreads;
    switchTo(bt.threads[bt.current], bt.scheduler);
}

static void runBlockCooperatively(const Kernel& k, unsigned block, void** params) {
    BlockThreads& bt = blockThreads;
    bt.body = &k.body;
    bt.params = params;
    while (bt.stacks.size() < block) bt.stacks.emplace_back(new char[COROUTINE_STACK]);
    bt.threads.resize(bt.stacks.size());
    bt.done.assign(block, 0);
    for (unsigned t = 0; t < block; t++) prepare(bt.threads[t], bt.stacks[t].get(), coroutineMain);
    for (unsigned live = block; live > 0;) {
        live = 0;
        for (unsigned t = 0; t < block; t++) {
            if (bt.done[t]) continue;
            bt.current = t;
            threadIdx = {t, 0, 0};
            switchTo(bt.scheduler, bt.threads[t]);
            if (!bt.done[t]) live++;
        }
    }
}

static void runKernel(const Kernel& k, unsigned grid, unsigned block, unsigned shared, void** params) {
    gridDim = {grid, 1, 1};
    blockDim = {block, 1, 1};
    std::vector<unsigned char> dynamicShared(shared + 16);
    sl_dynamic_shared = dynamicShared.data();
    for (unsigned b = 0; b < grid; b++) {
        blockIdx = {b, 0, 0};
        if (k.syncs) {
            runBlockCooperatively(k, block, params);
        } else {
            for (unsigned t = 0; t < block; t++) {
                threadIdx = {t, 0, 0};
                k.body(params);
            }
        }
    }
}

// --- how often each driver entry point was called: "cuLaunchKernel" counts kernels run directly,
// "cuLaunchKernel (captured)" kernels recorded into a graph ---
static std::map<std::string, ll> counts;
// One host thread in the fake driver at a time: kernels run on the calling thread through shared state (grid and
// block sizes, the coroutines of a block), and several host threads drive several fake GPUs in `sweep run --devices`.
static std::recursive_mutex driverLock;
static void count(const std::string& call) { std::lock_guard<std::recursive_mutex> g(driverLock); counts[call]++; }

// --- stream capture: a graph is a list of recorded actions ---
// Capture is per stream in CUDA; each backend has its own stream on its own thread, so per thread here.
static thread_local bool capturing = false;
static thread_local bool captureInvalidated = false;
static thread_local std::vector<std::function<void()>> recording;
static std::map<ll, std::vector<std::function<void()>>> graphs;
static ll nextGraph = 1;
static const int CAPTURE_UNSUPPORTED = 900;  // CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED
static const int CAPTURE_INVALIDATED = 901;  // CUDA_ERROR_STREAM_CAPTURE_INVALIDATED

static int submit(const std::string& call, std::function<void()> action) {
    std::lock_guard<std::recursive_mutex> g(driverLock);
    if (capturing) {
        count(call + " (captured)");
        recording.push_back(action);
    } else {
        count(call);
        action();
    }
    return 0;
}

// Host copies, allocations and waits cannot be captured: the real driver fails them and invalidates the capture.
static bool refusedWhileCapturing() {
    if (capturing) captureInvalidated = true;
    return capturing;
}

extern "C" {
// ---------------- driver ----------------
int cuInit(unsigned) { registerKernels(); return getenv("FAKE_CUDA_NO_DEVICE") ? 100 : 0; }
int cuDriverGetVersion(int* v) { *v = 13000; return 0; }
int cuGetErrorName(int e, const char** s) {
    static const char* oom = "CUDA_ERROR_OUT_OF_MEMORY";
    static const char* nodev = "CUDA_ERROR_NO_DEVICE";
    static const char* unsupported = "CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED";
    static const char* invalidated = "CUDA_ERROR_STREAM_CAPTURE_INVALIDATED";
    static const char* other = "CUDA_ERROR_FAKE";
    *s = e == 2 ? oom : e == 100 ? nodev : e == 900 ? unsupported : e == 901 ? invalidated : other;
    return 0;
}
// FAKE_CUDA_DEVICES=N: N identical fake GPUs (default 1), each with its own primary context handle.
static int fakeDeviceCount() { const char* n = getenv("FAKE_CUDA_DEVICES"); return n ? atoi(n) : 1; }
int cuDeviceGetCount(int* n) { *n = fakeDeviceCount(); return 0; }
int cuDeviceGet(int* d, int ordinal) { *d = ordinal; return ordinal >= 0 && ordinal < fakeDeviceCount() ? 0 : 101; }
int cuDeviceGetAttribute(int* v, int attr, int) {
    const char* cc = getenv("FAKE_CUDA_CC");
    int c = cc ? atoi(cc) : 90;
    // Shared memory per block (attribute 8): 3 KiB unless FAKE_CUDA_SHARED_BYTES says otherwise, small so that
    // the fused kernels' tests walk the batch in several chunks; SMs (attribute 16): 2 unless FAKE_CUDA_SMS says.
    const char* shared = getenv("FAKE_CUDA_SHARED_BYTES");
    const char* sms = getenv("FAKE_CUDA_SMS");
    *v = attr == 75 ? c / 10 : attr == 76 ? c % 10 : attr == 16 ? (sms ? atoi(sms) : 2)
       : attr == 8 ? (shared ? atoi(shared) : 3072) : 0;
    return 0;
}
int cuDeviceGetName(char* name, int len, int) { std::strncpy(name, "Fake GPU (ScaleLab test double)", len); return 0; }
int cuDevicePrimaryCtxRetain(void** ctx, int dev) { *ctx = (void*)(intptr_t)(dev + 1); return 0; }
int cuCtxSetCurrent(void*) { return 0; }
int cuMemGetInfo_v2(size_t* f, size_t* t) { *f = 1ull << 29; *t = 1ull << 30; return 0; }
int cuMemAlloc_v2(unsigned long long* p, size_t bytes) {
    if (refusedWhileCapturing()) return CAPTURE_UNSUPPORTED;
    if (bytes > (1ull << 30)) return 2;
    void* m = std::calloc(1, bytes + 16);
    *p = (unsigned long long)m;
    if (m) {
        std::lock_guard<std::recursive_mutex> g(driverLock);
        counts["cuMemAlloc_v2 bytes"] += (ll)bytes;
    }
    return m ? 0 : 2;
}
int cuMemFree_v2(unsigned long long p) { std::free((void*)p); return 0; }
static int copy(const char* call, void* d, const void* s, size_t n) {
    if (refusedWhileCapturing()) return CAPTURE_UNSUPPORTED;
    count(call);
    std::memcpy(d, s, n);
    return 0;
}
int cuMemcpyHtoDAsync_v2(unsigned long long d, const void* s, size_t n, void*) {
    return copy("cuMemcpyHtoDAsync_v2", (void*)d, s, n);
}
int cuMemcpyDtoHAsync_v2(void* d, unsigned long long s, size_t n, void*) {
    return copy("cuMemcpyDtoHAsync_v2", d, (void*)s, n);
}
int cuMemcpyHtoD_v2(unsigned long long d, const void* s, size_t n) { return copy("cuMemcpyHtoD_v2", (void*)d, s, n); }
int cuMemcpyDtoH_v2(void* d, unsigned long long s, size_t n) { return copy("cuMemcpyDtoH_v2", d, (void*)s, n); }
// Device to device: queued on the stream like a kernel, so it can be captured into a graph.
int cuMemcpyDtoDAsync_v2(unsigned long long d, unsigned long long s, size_t n, void*) {
    return submit("cuMemcpyDtoDAsync_v2", [=] { std::memmove((void*)d, (const void*)s, n); });
}
int cuMemsetD32Async(unsigned long long d, unsigned v, size_t n, void*) {
    return submit("cuMemsetD32Async", [=] { unsigned* p = (unsigned*)d; for (size_t i = 0; i < n; i++) p[i] = v; });
}
int cuModuleLoadData(void** m, const void* image) {
    *m = (void*)0x2;
    return std::strncmp((const char*)image, "FAKEBIN", 7) == 0 ? 0 : 200;
}
int cuModuleGetFunction(void** f, void*, const char* name) {
    for (size_t i = 0; i < kernels.size(); i++) {
        if (kernels[i].name == name) { *f = (void*)(i + 1); return 0; }
    }
    return 500;
}
int cuLaunchKernel(void* f, unsigned gx, unsigned, unsigned, unsigned bx, unsigned, unsigned, unsigned shared,
                   void*, void** params, void**) {
    const Kernel& k = kernels[(size_t)f - 1];
    // FAKE_CUDA_BROKEN_KERNEL=name (without _f32/_f64): that kernel does nothing, a deliberately broken kernel
    // for tests that a self-test notices.
    const char* broken = getenv("FAKE_CUDA_BROKEN_KERNEL");
    if (broken && k.name.rfind(std::string(broken) + "_", 0) == 0) {
        return submit("cuLaunchKernel", [] {});
    }
    // Parameters are read at launch time (like CUDA, which copies them): one 8-byte slot per parameter.
    std::vector<std::array<char, 8>> slots(16);
    for (int i = 0; i < k.params; i++) std::memcpy(slots[i].data(), params[i], 8);
    return submit("cuLaunchKernel", [&k, gx, bx, shared, slots]() mutable {
        count("ran " + k.name);
        void* ptrs[16];
        for (int i = 0; i < 16; i++) ptrs[i] = slots[i].data();
        runKernel(k, gx, bx, shared, ptrs);
    });
}
int cuStreamCreate(void** s, unsigned) { *s = (void*)0x3; return 0; }
int cuStreamSynchronize(void*) {
    if (refusedWhileCapturing()) return CAPTURE_UNSUPPORTED;
    count("cuStreamSynchronize");
    return 0;
}
int cuStreamDestroy_v2(void*) { return 0; }
int cuStreamBeginCapture_v2(void*, int) {
    count("cuStreamBeginCapture_v2");
    capturing = true;
    captureInvalidated = false;
    recording.clear();
    return 0;
}
int cuStreamEndCapture(void*, ll* g) {
    capturing = false;
    if (captureInvalidated) {
        *g = 0;
        return CAPTURE_INVALIDATED;
    }
    std::lock_guard<std::recursive_mutex> lock(driverLock);
    *g = nextGraph++;
    graphs[*g] = recording;
    return 0;
}
int cuGraphInstantiateWithFlags(ll* exec, ll g, unsigned long long) {
    count("cuGraphInstantiateWithFlags");
    *exec = g;
    std::lock_guard<std::recursive_mutex> lock(driverLock);
    return graphs.count(g) ? 0 : 1;
}
int cuGraphLaunch(ll exec, void*) {
    if (refusedWhileCapturing()) return CAPTURE_UNSUPPORTED;
    count("cuGraphLaunch");
    std::lock_guard<std::recursive_mutex> g(driverLock);
    for (auto& a : graphs[exec]) a();
    return 0;
}

// Test hook (not a CUDA function): how often `call` ran, see `counts`.
ll fake_cuda_count(const char* call) { auto it = counts.find(call); return it == counts.end() ? 0 : it->second; }
int cuGraphExecDestroy(ll) { return 0; }
int cuGraphDestroy(ll g) { graphs.erase(g); return 0; }

// ---------------- NVRTC ----------------
int nvrtcVersion(int* major, int* minor) { *major = 13; *minor = 0; return 0; }
int nvrtcGetNumSupportedArchs(int* n) { *n = 5; return 0; }
int nvrtcGetSupportedArchs(int* a) { int v[] = {120, 75, 80, 90, 100}; std::memcpy(a, v, sizeof v); return 0; }
const char* nvrtcGetErrorString(int) { return "NVRTC_ERROR_FAKE"; }
int nvrtcCreateProgram(void** p, const char* src, const char*, int, const char**, const char**) {
    *p = new std::string(src);
    return 0;
}
static std::string lastOptions;
int nvrtcCompileProgram(void* p, int n, const char** opts) {
    lastOptions.clear();
    for (int i = 0; i < n; i++) { lastOptions += opts[i]; lastOptions += ' '; }
    return ((std::string*)p)->find("extern \"C\" __global__") == std::string::npos ? 6 : 0;
}
int nvrtcGetProgramLogSize(void*, size_t* n) { *n = 1; return 0; }
int nvrtcGetProgramLog(void*, char* log) { log[0] = 0; return 0; }
static std::string binary() { return "FAKEBIN " + lastOptions; }
int nvrtcGetCUBINSize(void*, size_t* n) { *n = binary().size() + 1; return 0; }
int nvrtcGetCUBIN(void*, char* out) { std::strcpy(out, binary().c_str()); return 0; }
int nvrtcGetPTXSize(void*, size_t* n) { *n = binary().size() + 1; return 0; }
int nvrtcGetPTX(void*, char* out) { std::strcpy(out, binary().c_str()); return 0; }
int nvrtcDestroyProgram(void** p) { delete (std::string*)*p; *p = nullptr; return 0; }

// ---------------- cuBLAS ----------------
int cublasCreate_v2(void** h) { count("cublasCreate_v2"); *h = (void*)0x4; return 0; }
int cublasDestroy_v2(void*) { return 0; }
int cublasGetVersion_v2(void*, int* v) { *v = 130000; return 0; }
int cublasSetStream_v2(void*, void*) { return 0; }
int cublasSetWorkspace_v2(void*, void*, size_t) { return 0; }
int cublasSetMathMode(void*, int) { return 0; }
}

// How a GEMM reads its inputs: as stored (FP32, FP64), as TF32 (10-bit mantissa) or BF16 (7-bit), each rounded to
// nearest even from FP32 like the tensor cores' inputs, or as BF16 bits (CUDA_R_16BF storage).
enum class Input { EXACT, TF32, BF16, BF16_BITS };

static float roundMantissa(float f, int dropBits) {
    unsigned int u;
    std::memcpy(&u, &f, sizeof u);
    if ((u & 0x7fffffffu) >= 0x7f800000u) return f;
    unsigned int half = (1u << (dropBits - 1)) - 1;
    u += half + ((u >> dropBits) & 1u);
    u &= ~((1u << dropBits) - 1);
    float r;
    std::memcpy(&r, &u, sizeof r);
    return r;
}

template <typename T>
static double load(const void* base, ll index, Input input) {
    switch (input) {
        case Input::TF32: return roundMantissa(((const float*)base)[index], 13);
        case Input::BF16: return roundMantissa(((const float*)base)[index], 16);
        case Input::BF16_BITS: {
            unsigned int u = (unsigned int)((const unsigned short*)base)[index] << 16;
            float f;
            std::memcpy(&f, &u, sizeof f);
            return f;
        }
        default: return (double)((const T*)base)[index];
    }
}

// Exact inputs accumulate in double (as before); rounded inputs in float, like the tensor cores.
template <typename T>
static void gemm(int ta, int tb, int m, int n, int k, T alpha, const void* a, int lda, ll sa, const void* b, int ldb,
                 ll sb, T beta, T* c, int ldc, ll sc, int batch, Input input) {
    for (int q = 0; q < batch; q++) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                float f = 0;
                for (int p = 0; p < k; p++) {
                    double av = load<T>(a, ta == 0 ? q * sa + i + (ll)p * lda : q * sa + p + (ll)i * lda, input);
                    double bv = load<T>(b, tb == 0 ? q * sb + p + (ll)j * ldb : q * sb + j + (ll)p * ldb, input);
                    if (input == Input::EXACT) s += av * bv;
                    else f += (float)av * (float)bv;
                }
                if (input != Input::EXACT) s = f;
                T* out = &c[q * sc + i + (ll)j * ldc];
                *out = (T)(alpha * s + (beta == 0 ? 0 : beta * *out));
            }
        }
    }
}

// Test hook (not a cuBLAS function): FP32 products round their inputs to BF16 while on, so an FP32 backend
// computes what the BF16 mode should, with every operand freshly rounded (a reference for its copies).
static bool roundFp32Products = false;
extern "C" void fake_cuda_round_products_to_bf16(int on) { roundFp32Products = on != 0; }

// cudaDataType and cublasComputeType_t values ScaleLab uses.
static const int R_32F = 0, R_64F = 1, R_16BF = 14;
static const int COMPUTE_32F = 68, COMPUTE_64F = 70, COMPUTE_32F_FAST_16BF = 75, COMPUTE_32F_FAST_TF32 = 77;

extern "C" int cublasGemmStridedBatchedEx(void*, int ta, int tb, int m, int n, int k, const void* alpha, const void* a,
                               int at, int lda, ll sa, const void* b, int bt, int ldb, ll sb, const void* beta,
                               void* c, int ct, int ldc, ll sc, int batch, int compute, int) {
    if (at != bt) return 7;
    if (ct == R_32F && (at == R_32F || at == R_16BF)) {
        Input input;
        if (at == R_16BF) {
            if (compute != COMPUTE_32F) return 7;
            input = Input::BF16_BITS;
        } else if (compute == COMPUTE_32F_FAST_TF32) {
            input = Input::TF32;
        } else if (compute == COMPUTE_32F_FAST_16BF) {
            input = Input::BF16;
        } else if (compute == COMPUTE_32F) {
            input = roundFp32Products ? Input::BF16 : Input::EXACT;
        } else {
            return 7;
        }
        float al = *(const float*)alpha, be = *(const float*)beta;
        return submit("cublasGemmStridedBatchedEx", [=] {
            gemm<float>(ta, tb, m, n, k, al, a, lda, sa, b, ldb, sb, be, (float*)c, ldc, sc, batch, input);
        });
    }
    if (at == R_64F && ct == R_64F && compute == COMPUTE_64F) {
        double al = *(const double*)alpha, be = *(const double*)beta;
        return submit("cublasGemmStridedBatchedEx", [=] {
            gemm<double>(ta, tb, m, n, k, al, a, lda, sa, b, ldb, sb, be, (double*)c, ldc, sc, batch, Input::EXACT);
        });
    }
    return 7;
}
