package dev.scalelab.scaling.optimal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ComputeOptimalTest {
    private final ComputeOptimal.Chinchilla co = new ComputeOptimal.Chinchilla(406.4, 410.7, 1.69, 0.34, 0.28, 6);

    @Test
    void closedFormMatchesNumericMinimumOnTheIsoFlop() {
        for (double c : new double[] {1e18, 1e21, 5.76e23}) {
            double numeric = ComputeOptimal.nOptNumeric(co::loss, c, 6);
            assertEquals(co.nOpt(c), numeric, 1e-6 * numeric);
            assertEquals(c / 6, co.nOpt(c) * co.dOpt(c), 1e-9 * c / 6, "N*·D* = C/k");
        }
    }

    @Test
    void frontierIsEPlusKTimesCToTheMinusEta() {
        assertEquals(0.34 * 0.28 / 0.62, co.eta(), 1e-15);
        assertEquals(0.28 / 0.62, co.a(), 1e-15);
        for (double c : new double[] {1e19, 1e23}) {
            assertEquals(co.lossOpt(c), 1.69 + co.frontierCoefficient() * Math.pow(c, -co.eta()), 1e-12);
            assertEquals(c, co.computeFor(co.lossOpt(c)), 1e-9 * c);
        }
    }

    @Test
    void powerLawFitIsExactOnAPowerLaw() {
        double[] x = {1e18, 1e19, 1e20, 1e21};
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            y[i] = 0.3 * Math.pow(x[i], 0.5);
        }
        PowerLawFit f = PowerLawFit.of(x, y);
        assertEquals(0.5, f.exponent(), 1e-12);
        assertEquals(0.3, f.coefficient(), 1e-9);
    }
}
