package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;

/**
 * The elementwise ONNX operators that are a function of one real value, with their ONNX
 * definitions and attribute defaults. The float executor runs them in double precision; the
 * quantised model looks each one up in a table of its 2^16 inputs, so any such function costs the
 * same to prove.
 *
 * <p>Values come from {@link StrictMath}, which gives the same bits on every platform: prover and
 * verifier build the quantised table independently and must agree on every entry.
 */
public enum UnaryFunction {
    EXP("Exp", 1) {
        double f(double x, double a, double b) {
            return StrictMath.exp(x);
        }
    },
    LOG("Log", 2) {
        double f(double x, double a, double b) {
            return StrictMath.log(x);
        }
    },
    SQRT("Sqrt", 3) {
        double f(double x, double a, double b) {
            return StrictMath.sqrt(x);
        }
    },
    RECIPROCAL("Reciprocal", 4) {
        double f(double x, double a, double b) {
            return 1 / x;
        }
    },
    NEG("Neg", 5) {
        double f(double x, double a, double b) {
            return -x;
        }
    },
    ABS("Abs", 6) {
        double f(double x, double a, double b) {
            return Math.abs(x);
        }
    },
    SIGN("Sign", 7) {
        double f(double x, double a, double b) {
            return Math.signum(x);
        }
    },
    FLOOR("Floor", 8) {
        double f(double x, double a, double b) {
            return Math.floor(x);
        }
    },
    CEIL("Ceil", 9) {
        double f(double x, double a, double b) {
            return Math.ceil(x);
        }
    },
    /** Half to even, as ONNX rounds. */
    ROUND("Round", 10) {
        double f(double x, double a, double b) {
            return Math.rint(x);
        }
    },
    ERF("Erf", 11) {
        double f(double x, double a, double b) {
            return erf(x);
        }
    },
    /** Gelu with approximate = "none": x·Φ(x). */
    GELU("Gelu", 12) {
        double f(double x, double a, double b) {
            return 0.5 * x * (1 + erf(x / StrictMath.sqrt(2)));
        }
    },
    /** Gelu with approximate = "tanh". */
    GELU_TANH("Gelu", 13) {
        double f(double x, double a, double b) {
            return 0.5 * x * (1 + StrictMath.tanh(StrictMath.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
        }
    },
    /** alpha (default 1). */
    ELU("Elu", 14) {
        double f(double x, double a, double b) {
            return x >= 0 ? x : a * (StrictMath.exp(x) - 1);
        }
    },
    /** alpha, gamma (the defaults of the SELU paper, as ONNX writes them in float). */
    SELU("Selu", 15) {
        double f(double x, double a, double b) {
            return x > 0 ? b * x : b * (a * StrictMath.exp(x) - a);
        }
    },
    /** alpha (default 1). */
    CELU("Celu", 16) {
        double f(double x, double a, double b) {
            return Math.max(0, x) + Math.min(0, a * (StrictMath.exp(x / a) - 1));
        }
    },
    SOFTPLUS("Softplus", 17) {
        double f(double x, double a, double b) {
            return x > 30 ? x : StrictMath.log1p(StrictMath.exp(x)); // beyond 30, log(1 + e^x) = x in double
        }
    },
    SOFTSIGN("Softsign", 18) {
        double f(double x, double a, double b) {
            return x / (1 + Math.abs(x));
        }
    },
    /** alpha (default 0.2), beta (default 0.5). */
    HARD_SIGMOID("HardSigmoid", 19) {
        double f(double x, double a, double b) {
            return Math.max(0, Math.min(1, a * x + b));
        }
    },
    HARD_SWISH("HardSwish", 20) {
        double f(double x, double a, double b) {
            return x * Math.max(0, Math.min(1, x / 6 + 0.5));
        }
    },
    MISH("Mish", 21) {
        double f(double x, double a, double b) {
            return x * StrictMath.tanh(SOFTPLUS.f(x, 0, 0));
        }
    },
    /** alpha (default 1): x where x &gt; alpha, else 0. */
    THRESHOLDED_RELU("ThresholdedRelu", 22) {
        double f(double x, double a, double b) {
            return x > a ? x : 0;
        }
    },
    SIN("Sin", 23) {
        double f(double x, double a, double b) {
            return StrictMath.sin(x);
        }
    },
    COS("Cos", 24) {
        double f(double x, double a, double b) {
            return StrictMath.cos(x);
        }
    },
    TAN("Tan", 25) {
        double f(double x, double a, double b) {
            return StrictMath.tan(x);
        }
    },
    ASIN("Asin", 26) {
        double f(double x, double a, double b) {
            return StrictMath.asin(x);
        }
    },
    ACOS("Acos", 27) {
        double f(double x, double a, double b) {
            return StrictMath.acos(x);
        }
    },
    ATAN("Atan", 28) {
        double f(double x, double a, double b) {
            return StrictMath.atan(x);
        }
    },
    SINH("Sinh", 29) {
        double f(double x, double a, double b) {
            return StrictMath.sinh(x);
        }
    },
    COSH("Cosh", 30) {
        double f(double x, double a, double b) {
            return StrictMath.cosh(x);
        }
    },
    ASINH("Asinh", 31) {
        double f(double x, double a, double b) {
            return x == 0 ? x : Math.signum(x) * StrictMath.log(Math.abs(x) + StrictMath.sqrt(x * x + 1));
        }
    },
    ACOSH("Acosh", 32) {
        double f(double x, double a, double b) {
            return StrictMath.log(x + StrictMath.sqrt(x * x - 1));
        }
    },
    ATANH("Atanh", 33) {
        double f(double x, double a, double b) {
            return 0.5 * StrictMath.log((1 + x) / (1 - x));
        }
    },
    /**
     * 1 where x is within 5/16 of 0 or of −alpha, else 0: zkml4j's own (no ONNX operator is named
     * so), the one-hot row of an embedding lookup by computed indices (x = index − row, alpha the
     * number of rows, so that a negative index counts from the end as ONNX's Gather says). At the
     * scales the quantiser allows (at most 1/4, so an integer index is off by at most 1/4) every
     * integer index matches its row; and since index − row and index − (row + 1) are then at least
     * 3/4 apart, no index, integer or not, matches two rows (a window of ±1/2 let a quantised index
     * halfway between two tokens look up the sum of both rows).
     */
    INDEX_MATCHES("zkml4j.IndexMatches", 35) {
        double f(double x, double a, double b) {
            return Math.abs(x) < INDEX_WINDOW || Math.abs(x + a) < INDEX_WINDOW ? 1 : 0;
        }
    },
    /**
     * x^alpha for a constant exponent: ONNX's Pow with a constant scalar second input, which the
     * graph keeps (so {@link #isUnary} and {@link #of} leave it out; the quantiser binds the exponent).
     */
    POW("Pow", 34) {
        double f(double x, double a, double b) {
            return StrictMath.pow(x, a);
        }
    };

    /** How far index − row may be from 0 (or −rows) and still match: see {@link #INDEX_MATCHES}. */
    public static final double INDEX_WINDOW = 5.0 / 16;

    private final String opType;
    private final int tag;

    UnaryFunction(String opType, int tag) {
        this.opType = opType;
        this.tag = tag;
    }

    /** The function on a real value with its two parameters (alpha, and beta or gamma; see each constant). */
    abstract double f(double x, double alpha, double beta);

    /** f(x) for the parameters; NaN where f is undefined (the square root of −1, the logarithm of 0 gives −∞). */
    public double apply(double x, double alpha, double beta) {
        return f(x, alpha, beta);
    }

    /** The ONNX operator. */
    public String opType() {
        return opType;
    }

    /** The tag that stands for the function in key files: fixed, whatever the order of the constants. */
    public int tag() {
        return tag;
    }

    public static UnaryFunction ofTag(int tag) {
        for (UnaryFunction f : values()) {
            if (f.tag == tag) {
                return f;
            }
        }
        return null;
    }

    /** True for the operators of one input this enum defines (not Pow, whose exponent is an input). */
    public static boolean isUnary(String opType) {
        for (UnaryFunction f : values()) {
            if (f != POW && f.opType.equals(opType)) {
                return true;
            }
        }
        return false;
    }

    /** A node's function with its parameters, from its type and attributes (ONNX defaults where absent). */
    public record Bound(UnaryFunction function, double alpha, double beta) {
        public double apply(double x) {
            return function.apply(x, alpha, beta);
        }
    }

    public static Bound of(Node n) {
        return switch (n.opType()) {
            case "Gelu" -> {
                String approximate = n.stringAttr("approximate", "none");
                yield switch (approximate) {
                    case "none" -> new Bound(GELU, 0, 0);
                    case "tanh" -> new Bound(GELU_TANH, 0, 0);
                    default -> throw new IllegalArgumentException("Gelu's approximate is 'none' or 'tanh', not '" + approximate + "'");
                };
            }
            case "Elu", "Celu", "ThresholdedRelu" -> new Bound(byOp(n.opType()), n.floatAttr("alpha", 1f), 0);
            case "Selu" -> new Bound(SELU, n.floatAttr("alpha", 1.67326319217681884765625f), n.floatAttr("gamma", 1.05070102214813232421875f));
            case "HardSigmoid" -> new Bound(HARD_SIGMOID, n.floatAttr("alpha", 0.2f), n.floatAttr("beta", 0.5f));
            case "zkml4j.IndexMatches" -> new Bound(INDEX_MATCHES, n.intAttr("rows", 0), 0);
            default -> new Bound(byOp(n.opType()), 0, 0);
        };
    }

    private static UnaryFunction byOp(String opType) {
        for (UnaryFunction f : values()) {
            if (f != POW && f.opType.equals(opType)) {
                return f;
            }
        }
        throw new IllegalArgumentException("not an elementwise function: " + opType);
    }

    /**
     * The error function, to within a few units in the last place: its Maclaurin series below 1.8
     * (Abramowitz and Stegun 7.1.5; above, its alternating terms cancel), the continued fraction of
     * erfc above (7.1.15, 100 terms evaluated from the back), ±1 beyond 6 where erfc is below double
     * precision.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (Double.isNaN(x)) {
            return x;
        }
        if (ax >= 6) {
            return Math.signum(x);
        }
        double r;
        if (ax < 1.8) {
            double term = ax;
            double sum = ax;
            double x2 = ax * ax;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double next = term / (2 * n + 1);
                sum += next;
                if (Math.abs(next) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            r = 2 / StrictMath.sqrt(Math.PI) * sum;
        } else {
            // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
            double tail = ax;
            for (int k = 100; k >= 1; k--) {
                tail = ax + (k / 2.0) / tail;
            }
            r = 1 - StrictMath.exp(-ax * ax) / StrictMath.sqrt(Math.PI) / tail;
        }
        return x < 0 ? -r : r;
    }
}
