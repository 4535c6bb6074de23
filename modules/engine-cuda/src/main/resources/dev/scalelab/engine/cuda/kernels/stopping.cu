// The training loop's stopping rule on the device, so that one launch can run many steps (see
// dev.scalelab.engine.train.LaunchedSteps). The state is doubles laid out as dev.scalelab.engine.compute.StopState
// says, for K models and launches of up to S steps:
//   [0, K) status (0 running, 1 reached the target, 2 used its budget, 3 diverged), [K, 2K) the step it stopped at,
//   2K the step clock t, 2K+1 the launch's base, [2K+2, 2K+2+S*K) row r = step - base - 1 of the losses, then
//   [K) budgets and [K) target losses (0: none).
// The rule is dev.scalelab.engine.train's host rule, in the same order and the same double comparisons, so the
// device stops each model at the step the host would.

// Advances the step clock t by one; one thread, before sl_stop_rule reads it.
__device__ void sl_stop_clock(double* state, int models) {
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        state[2 * models] += 1.0;
    }
}

// Records model m's loss of step t and stops it if the rule says so; one thread per model.
__device__ void sl_stop_rule(const double* losses, double* state, int models, int capacity) {
    double t = state[2 * models];
    long long row = (long long)(t - state[2 * models + 1]) - 1;
    const double* budgets = state + 2 * models + 2 + (long long)capacity * models;
    const double* targets = budgets + models;
    for (int m = blockIdx.x * blockDim.x + threadIdx.x; m < models; m += blockDim.x * gridDim.x) {
        double loss = losses[m];
        if (row >= 0 && row < capacity) {
            state[2 * models + 2 + row * models + m] = loss;
        }
        if (state[m] != 0.0) {
            continue;
        }
        // loss - loss is 0 exactly for finite losses, NaN for NaN and infinities (isfinite without <cmath>).
        double status = !(loss - loss == 0.0) ? 3.0
                : targets[m] > 0.0 && loss < targets[m] ? 1.0
                : t >= budgets[m] ? 2.0 : 0.0;
        if (status != 0.0) {
            state[m] = status;
            state[models + m] = t;
        }
    }
}

// rates[i] = 0 for i < n whose model i / perModel stopped at the current step t (it was stopped by sl_stop_rule of
// this step): the device's freeze, read by the update from the next step on.
template <typename T>
__device__ void sl_freeze_stopped(T* rates, long long n, long long perModel, const double* state, int models) {
    double t = state[2 * models];
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long long)blockDim.x * gridDim.x) {
        long long m = i / perModel;
        if (state[m] != 0.0 && state[models + m] == t) {
            rates[i] = T(0);
        }
    }
}

#define SL_STOPPING(T, S)                                                                                      \
    extern "C" __global__ void sl_stop_clock_##S(double* state, int models) { sl_stop_clock(state, models); }    \
    extern "C" __global__ void sl_stop_rule_##S(const double* losses, double* state, int models, int capacity) { \
        sl_stop_rule(losses, state, models, capacity);                                                        \
    }                                                                                                          \
    extern "C" __global__ void sl_freeze_stopped_##S(T* rates, long long n, long long perModel,               \
                                                     const double* state, int models) {                      \
        sl_freeze_stopped<T>(rates, n, perModel, state, models);                                              \
    }

SL_STOPPING(float, f32)
SL_STOPPING(double, f64)
