/**
 * Polynomials in evaluation form.
 *
 * <h2>The one bit order</h2>
 * A table of 2^n values is the multilinear polynomial f on {0,1}^n with
 * f(x_0, ..., x_{n-1}) = table[Σ_j x_j·2^j]: variable x_j is bit j of the index, so x_0 is the
 * least significant bit. Every protocol binds x_0 first (pairs (2i, 2i+1) collapse to entry i),
 * so after round j the point is (r_0, ..., r_j) in that same order. A matrix stored row-major
 * with 2^c columns therefore has its column index in x_0..x_{c-1} and its row index in the
 * remaining, higher variables. {@code MultilinearTest} pins this down.
 */
package io.zkml4j.core.poly;
