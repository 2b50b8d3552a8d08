// Lognormal inputs given the way forecasts are usually published: a 90% interval. With
// ln X ~ N(mu, sigma), the 5th and 95th percentiles sit at mu -/+ z95 * sigma, so mu is the mean
// of the two logs and sigma is their half-distance over z95. The median is exp(mu), the geometric
// mean of p5 and p95.

/** Standard-normal 95th percentile, Phi^-1(0.95). */
export const Z95 = 1.6448536269514722;

export interface Lognormal {
  /** Mean of ln X. */
  mu: number;
  /** Standard deviation of ln X; 0 when p5 == p95 (a constant). */
  sigma: number;
}

export function lognormalFromP5P95(p5: number, p95: number): Lognormal {
  if (!(p5 > 0) || !(p95 > 0) || !Number.isFinite(p5) || !Number.isFinite(p95)) {
    throw new RangeError(`lognormal percentiles must be positive and finite, got ${p5}, ${p95}`);
  }
  if (p5 > p95) throw new RangeError(`p5 (${p5}) must not exceed p95 (${p95})`);
  const lo = Math.log(p5);
  const hi = Math.log(p95);
  // p5 == p95 must give sigma exactly 0 so that a degenerate input reproduces the closed form.
  return { mu: (lo + hi) / 2, sigma: p5 === p95 ? 0 : (hi - lo) / (2 * Z95) };
}

/** X for a given standard-normal draw z: exp(mu + sigma z). */
export function lognormalAt(d: Lognormal, z: number): number {
  return Math.exp(d.mu + d.sigma * z);
}

export function lognormalMedian(d: Lognormal): number {
  return Math.exp(d.mu);
}

/** The 5th/50th/95th percentiles, the inverse of lognormalFromP5P95. */
export function lognormalBand(d: Lognormal): { p5: number; p50: number; p95: number } {
  return { p5: lognormalAt(d, -Z95), p50: Math.exp(d.mu), p95: lognormalAt(d, Z95) };
}

/**
 * The log-sum of independent lognormals is normal: ln(X * Y^k) ~ N(mu_x + k mu_y,
 * sqrt(sigma_x^2 + k^2 sigma_y^2)). Used to move a level along its growth rate by k years.
 */
export function lognormalProductPower(x: Lognormal, y: Lognormal, k: number): Lognormal {
  return { mu: x.mu + k * y.mu, sigma: Math.hypot(x.sigma, k * y.sigma) };
}
