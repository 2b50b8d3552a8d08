// Seeded randomness for the Monte Carlo forecast and the simulator. The same seed must give the
// same forecast (and the same simulated rows) on every run, so Math.random is out.
//
// Why xoshiro128** is good enough: it passes BigCrush, has a period of 2^128 - 1 and needs only
// 32-bit integer operations, which JavaScript does exactly with Math.imul and >>> 0. A forecast
// uses at most 4 million numbers (1M draws x 4 inputs), nowhere near any known weakness. It is not
// cryptographic, and nothing here needs that.
//
// Determinism caveat: the integer stream is bit-exact everywhere. The normals go through Math.log
// and Math.sqrt; sqrt is exactly rounded by spec, log is not, so two different JS engines may
// disagree in the last bit. One engine (Node's V8) always gives the same answer.

export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1) with 32-bit resolution. */
  next(): number;
  /** Standard normal (mean 0, sd 1). */
  normal(): number;
  /**
   * Writes standard normals into out[from..to): the very numbers as many calls of `normal()`
   * would return, in the same order, sharing the stream with it. One tight loop with the
   * generator's state in locals, for the forecast's hundreds of thousands of draws.
   */
  fillNormals(out: Float64Array, from: number, to: number): void;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_31 = 1 / 2147483648;

/** One step of splitmix32, used only to spread a 32-bit seed over the 128-bit state. */
function splitmix32(state: number): [next: number, output: number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in 0..2^32-1, got ${seed}`);
  }
  // Nearby seeds (1, 2, 3) must give unrelated streams, and the all-zero state is forbidden;
  // splitmix32 takes care of both.
  let sm = seed | 0;
  let out: number;
  [sm, out] = splitmix32(sm);
  let a = out;
  [sm, out] = splitmix32(sm);
  let b = out;
  [sm, out] = splitmix32(sm);
  let c = out;
  [sm, out] = splitmix32(sm);
  let d = out;
  if ((a | b | c | d) === 0) a = 1;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };

  const next = (): number => nextUint32() / TWO_POW_32;

  // Marsaglia's polar method: no sin/cos (fewer engine-dependent functions) and each accepted
  // pair yields two normals, so the second is kept for the next call. 32-bit uniforms bound |z|
  // near 6.7, which matters to nothing the forecast reports (its widest quantile is the 5th).
  let spare = 0;
  let hasSpare = false;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * next() - 1;
      v = 2 * next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  };

  const fillNormals = (out: Float64Array, from: number, to: number): void => {
    let k = from;
    if (k < to && hasSpare) {
      hasSpare = false;
      out[k++] = spare;
    }
    // xoshiro128** and the polar method as above, inlined, in the same order. 2 * (r / 2^32) and
    // r * 2^-31 are the same double (scaling by a power of two is exact), without the division.
    let s0 = a;
    let s1 = b;
    let s2 = c;
    let s3 = d;
    while (k < to) {
      let u: number;
      let v: number;
      let s: number;
      do {
        let r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
        let t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 11);
        u = r * TWO_POW_MINUS_31 - 1;
        r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
        t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 11);
        v = r * TWO_POW_MINUS_31 - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      out[k++] = u * f;
      if (k < to) out[k++] = v * f;
      else {
        spare = v * f;
        hasSpare = true;
      }
    }
    a = s0;
    b = s1;
    c = s2;
    d = s3;
  };

  return { nextUint32, next, normal, fillNormals };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
