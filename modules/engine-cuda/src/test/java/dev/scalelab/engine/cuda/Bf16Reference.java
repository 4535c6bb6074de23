package dev.scalelab.engine.cuda;

/**
 * FP32 → BF16 rounding to nearest, ties to even, written from the definition rather than with the kernels' bit
 * trick: of the two BF16 neighbours of x (its truncation and the next value away from zero, 2^128 standing for the
 * step past the largest finite value), the nearer, and on a tie the one whose last mantissa bit is 0; a result of
 * 2^128 is infinity. Every NaN becomes 0x7fc0.
 */
final class Bf16Reference {
    private Bf16Reference() {
    }

    static short round(float x) {
        if (Float.isNaN(x)) {
            return (short) 0x7fc0;
        }
        int bits = Float.floatToRawIntBits(x);
        if (Float.isInfinite(x)) {
            return (short) (bits >>> 16);
        }
        int low = bits & 0xffff0000;
        int high = low + 0x10000;
        double lowValue = Float.intBitsToFloat(low);
        double highValue = (high & 0x7fffffff) == 0x7f800000 ? Math.copySign(0x1p128, x) : Float.intBitsToFloat(high);
        double toLow = Math.abs(x - lowValue);
        double toHigh = Math.abs(highValue - x);
        boolean up = toHigh < toLow || (toHigh == toLow && ((low >>> 16) & 1) == 1);
        return (short) ((up ? high : low) >>> 16);
    }

    static float toFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }
}
