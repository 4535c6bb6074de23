// Minimum-norm least squares for K problems of one shape in FP64, one block per problem: Householder QR with
// column pivoting, the SVD's rank rule, the complete orthogonal decomposition (RZ) and the solve. The same steps,
// in the same order per column, as engine.linalg.PivotedQrLeastSquares (read that class for the why): rank -1 marks
// a problem whose |r_jj| lie too near the tolerance, which the host then solves by an SVD.
// Deterministic (no atomics; every sum in a fixed order). Blocks must be a power of two, at most SL_LS_MAX_BLOCK.
// Layout: a [K, rows, cols] row-major (overwritten), b [K, rows] (overwritten), x [K, cols], ranks [K],
// perms [K, cols], work [K, 2 cols + max(rows, cols) + min(rows, cols)].

#define SL_LS_MAX_BLOCK 128
#define SL_LS_AMBIGUOUS_FACTOR 8.0
#define SL_LS_POWER_STEPS 24
#define SL_LS_ULP_ONE 2.220446049250313e-16

static __device__ __forceinline__ int sl_ls_min(int a, int b) { return a < b ? a : b; }
static __device__ __forceinline__ int sl_ls_max(int a, int b) { return a > b ? a : b; }

// Sum of the block's values, the same total in every thread.
static __device__ double sl_ls_sum(double v, double* red) {
    red[threadIdx.x] = v;
    __syncthreads();
    for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            red[threadIdx.x] += red[threadIdx.x + s];
        }
        __syncthreads();
    }
    double total = red[0];
    __syncthreads();
    return total;
}

// The first index j in [from, to) of the largest v[j] (values are >= 0), the same in every thread.
static __device__ int sl_ls_argmax(const double* v, int from, int to, double* red, int* redi) {
    double best = -1;
    int at = to;
    for (int j = from + threadIdx.x; j < to; j += blockDim.x) {
        if (v[j] > best) {
            best = v[j];
            at = j;
        }
    }
    red[threadIdx.x] = best;
    redi[threadIdx.x] = at;
    __syncthreads();
    for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            double o = red[threadIdx.x + s];
            int oi = redi[threadIdx.x + s];
            if (o > red[threadIdx.x] || (o == red[threadIdx.x] && oi < redi[threadIdx.x])) {
                red[threadIdx.x] = o;
                redi[threadIdx.x] = oi;
            }
        }
        __syncthreads();
    }
    int result = redi[0];
    __syncthreads();
    return result;
}

extern "C" __global__ void sl_least_squares_f64(double* A, double* B, double* X, int* ranks, int* perms,
                                                double* work, int count, int rows, int cols) {
    __shared__ double red[SL_LS_MAX_BLOCK];
    __shared__ int redi[SL_LS_MAX_BLOCK];
    __shared__ int sharedRank;
    const int tid = threadIdx.x;
    const int nt = blockDim.x;
    const int p = sl_ls_min(rows, cols);
    const long long perWork = 2LL * cols + sl_ls_max(rows, cols) + p;
    for (long long q = blockIdx.x; q < count; q += gridDim.x) {
        double* a = A + q * rows * (long long)cols;
        double* b = B + q * rows;
        double* x = X + q * cols;
        int* perm = perms + q * cols;
        double* norms = work + q * perWork;
        double* u = norms + cols;
        double* w = u + cols;
        double* tauR = w + sl_ls_max(rows, cols);

        // A P = Q R with the remaining column of largest norm as pivot; Q^T applied to b (as column "cols").
        for (int j = tid; j < cols; j += nt) {
            perm[j] = j;
            double s = 0;
            for (int i = 0; i < rows; i++) {
                double v = a[(long long)i * cols + j];
                s += v * v;
            }
            norms[j] = s;
        }
        __syncthreads();
        for (int k = 0; k < p; k++) {
            int pivot = sl_ls_argmax(norms, k, cols, red, redi);
            if (pivot != k) {
                for (int i = tid; i < rows; i += nt) {
                    double t = a[(long long)i * cols + k];
                    a[(long long)i * cols + k] = a[(long long)i * cols + pivot];
                    a[(long long)i * cols + pivot] = t;
                }
                if (tid == 0) {
                    int t = perm[k];
                    perm[k] = perm[pivot];
                    perm[pivot] = t;
                    norms[pivot] = norms[k];
                }
            }
            __syncthreads();
            double alpha = a[(long long)k * cols + k];
            double part = 0;
            for (int i = k + 1 + tid; i < rows; i += nt) {
                double v = a[(long long)i * cols + k];
                part += v * v;
            }
            double below = sl_ls_sum(part, red);
            double tau = 0;  // H = I when the column is already zero below the diagonal
            if (below != 0) {
                double beta = -copysign(sqrt(alpha * alpha + below), alpha);
                tau = (beta - alpha) / beta;
                double scale = 1 / (alpha - beta);
                for (int i = k + 1 + tid; i < rows; i += nt) {
                    a[(long long)i * cols + k] *= scale;
                }
                if (tid == 0) {
                    a[(long long)k * cols + k] = beta;
                }
            }
            __syncthreads();
            for (int j = k + 1 + tid; j <= cols; j += nt) {
                if (j < cols) {
                    double s = a[(long long)k * cols + j];
                    for (int i = k + 1; i < rows; i++) {
                        s += a[(long long)i * cols + k] * a[(long long)i * cols + j];
                    }
                    a[(long long)k * cols + j] -= tau * s;
                    double n2 = 0;
                    for (int i = k + 1; i < rows; i++) {
                        double e = a[(long long)i * cols + j] - tau * a[(long long)i * cols + k] * s;
                        a[(long long)i * cols + j] = e;
                        n2 += e * e;
                    }
                    norms[j] = n2;
                } else {
                    double s = b[k];
                    for (int i = k + 1; i < rows; i++) {
                        s += a[(long long)i * cols + k] * b[i];
                    }
                    b[k] -= tau * s;
                    for (int i = k + 1; i < rows; i++) {
                        b[i] -= tau * a[(long long)i * cols + k] * s;
                    }
                }
            }
            __syncthreads();
        }

        // sigma_max(R) by power iteration on R^T R from the all-ones vector.
        for (int j = tid; j < cols; j += nt) {
            u[j] = 1 / sqrt((double)cols);
        }
        __syncthreads();
        double sigma = 0;
        for (int step = 0; step < SL_LS_POWER_STEPS; step++) {
            double part = 0;
            for (int i = tid; i < p; i += nt) {
                double s = 0;
                for (int j = i; j < cols; j++) {
                    s += a[(long long)i * cols + j] * u[j];
                }
                w[i] = s;
                part += s * s;
            }
            sigma = sqrt(sl_ls_sum(part, red));
            if (sigma == 0) {
                break;
            }
            part = 0;
            for (int j = tid; j < cols; j += nt) {
                double s = 0;
                for (int i = 0; i <= sl_ls_min(j, p - 1); i++) {
                    s += a[(long long)i * cols + j] * w[i];
                }
                u[j] = s;
                part += s * s;
            }
            double inv = 1 / sqrt(sl_ls_sum(part, red));
            for (int j = tid; j < cols; j += nt) {
                u[j] *= inv;
            }
            __syncthreads();
        }

        // The rank: |r_jj| above max(rows, cols) sigma_max ulp(1); -1 when one lies within the factor of it.
        if (tid == 0) {
            double r00 = p > 0 ? fabs(a[0]) : 0;
            double tolerance = sl_ls_max(rows, cols) * (sigma > r00 ? sigma : r00) * SL_LS_ULP_ONE;
            int rank = 0;
            for (int j = 0; j < p; j++) {
                double r = fabs(a[(long long)j * cols + j]);
                if (r > tolerance / SL_LS_AMBIGUOUS_FACTOR && r <= tolerance * SL_LS_AMBIGUOUS_FACTOR) {
                    rank = -1;
                    break;
                }
                rank += r > tolerance ? 1 : 0;
            }
            sharedRank = rank;
            ranks[q] = rank;
        }
        __syncthreads();
        const int rank = sharedRank;
        if (rank < 0) {
            continue;
        }

        // [R11 R12] = [T 0] Z: reflections from the right, last row first, each touching column i and cols rank..
        for (int i = rank - 1; i >= 0; i--) {
            double* row = a + (long long)i * cols;
            double alpha = row[i];
            double part = 0;
            for (int j = rank + tid; j < cols; j += nt) {
                part += row[j] * row[j];
            }
            double tail = sl_ls_sum(part, red);
            double tau = 0;
            if (tail != 0) {
                double beta = -copysign(sqrt(alpha * alpha + tail), alpha);
                tau = (beta - alpha) / beta;
                double scale = 1 / (alpha - beta);
                for (int j = rank + tid; j < cols; j += nt) {
                    row[j] *= scale;
                }
                if (tid == 0) {
                    row[i] = beta;
                }
            }
            if (tid == 0) {
                tauR[i] = tau;
            }
            __syncthreads();
            if (tau != 0) {
                for (int r = tid; r < i; r += nt) {
                    double* other = a + (long long)r * cols;
                    double dot = other[i];
                    for (int j = rank; j < cols; j++) {
                        dot += other[j] * row[j];
                    }
                    other[i] -= tau * dot;
                    for (int j = rank; j < cols; j++) {
                        other[j] -= tau * dot * row[j];
                    }
                }
            }
            __syncthreads();
        }

        // T u = (Q^T b)_1..rank by columns, then u = H_{rank-1} ... H_0 [u; 0], x = P u.
        for (int j = tid; j < cols; j += nt) {
            u[j] = 0;
        }
        __syncthreads();
        for (int i = rank - 1; i >= 0; i--) {
            if (tid == 0) {
                u[i] = b[i] / a[(long long)i * cols + i];
            }
            __syncthreads();
            for (int r = tid; r < i; r += nt) {
                b[r] -= a[(long long)r * cols + i] * u[i];
            }
            __syncthreads();
        }
        for (int i = 0; i < rank; i++) {
            double tau = tauR[i];
            if (tau == 0) {
                continue;
            }
            const double* row = a + (long long)i * cols;
            double ui = u[i];
            double part = 0;
            for (int j = rank + tid; j < cols; j += nt) {
                part += row[j] * u[j];
            }
            double dot = ui + sl_ls_sum(part, red);
            if (tid == 0) {
                u[i] = ui - tau * dot;
            }
            for (int j = rank + tid; j < cols; j += nt) {
                u[j] -= tau * dot * row[j];
            }
            __syncthreads();
        }
        for (int j = tid; j < cols; j += nt) {
            x[perm[j]] = u[j];
        }
        __syncthreads();
    }
}
