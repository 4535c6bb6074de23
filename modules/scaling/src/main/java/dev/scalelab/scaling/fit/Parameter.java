package dev.scalelab.scaling.fit;

/**
 * A parameter a researcher reports (A, alpha, L_inf, ...): its name, the component of θ it comes from, and its
 * domain, which says how θ holds it.
 *
 * @param name   the name in the fit's table and JSON
 * @param index  its component of θ
 * @param domain the values it may take, and whether θ holds it or its logarithm
 */
public record Parameter(String name, int index, Domain domain) {
    /** The values a parameter may take. */
    public enum Domain {
        /** Any finite number; θ holds it (an exponent). */
        REAL("a finite number", false),
        /** A finite nonzero number; θ holds it (an exponent the form divides by). */
        NONZERO("a finite nonzero number", false),
        /** A positive number; θ holds its logarithm. */
        POSITIVE("a positive number (the form fits its logarithm)", true),
        /** A number ≥ 0; θ holds its logarithm, −∞ at 0 (the term it is vanishes: an irreducible loss). */
        NON_NEGATIVE("a number >= 0 (0 leaves the term out)", true);

        private final String text;
        private final boolean log;

        Domain(String text, boolean log) {
            this.text = text;
            this.log = log;
        }

        public boolean contains(double value) {
            return Double.isFinite(value) && switch (this) {
                case REAL -> true;
                case NONZERO -> value != 0;
                case POSITIVE -> value > 0;
                case NON_NEGATIVE -> value >= 0;
            };
        }

        /** What {@link #contains} accepts, in words. */
        public String describe() {
            return text;
        }
    }

    /** Its value at θ. */
    public double value(double[] theta) {
        return domain.log ? Math.exp(theta[index]) : theta[index];
    }

    /** The θ component at which it equals {@code value} (in its domain). */
    public double theta(double value) {
        return domain.log ? Math.log(value) : value;
    }
}
