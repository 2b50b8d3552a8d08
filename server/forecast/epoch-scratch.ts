// Typed arrays a forecast run fills and reads before it returns, kept from one run to the next.
// Allocating them anew cost every run about a megabyte of fresh, zeroed memory (the crossing years
// of 100,000 draws and the band draws' parameters) and the garbage collections it brought on.
// Safe to share: runEpoch is synchronous and calls nothing that could start another run, so two
// runs on one thread never overlap, and each worker thread has its own copy of this module. Every
// array is written before it is read in a run, so nothing from an earlier run shows through.
import type { BandDraws } from './epoch-bands';

/**
 * Runs up to this many draws reuse the arrays (the crossing years take 1.2 MB, the default 2,000
 * band draws under 0.2 MB); larger ones (up to the API's million) allocate their own, so one
 * large request does not pin its memory for good.
 */
const KEEP_DRAWS = 150_000;

const kept = new Map<string, Float64Array>();

function f64(name: string, n: number): Float64Array {
  if (n > KEEP_DRAWS) return new Float64Array(n);
  let a = kept.get(name);
  if (!a || a.length < n) kept.set(name, (a = new Float64Array(Math.max(n, 1024))));
  return a.subarray(0, n);
}

let keptFlags = new Uint8Array(0);

/** The crossing year of each draw. */
export function crossingYears(draws: number): Float64Array {
  return f64('crossings', draws);
}

/** Room for the crossing years of the bins that hold the exhaustion quantiles (select.ts). */
export function gatherRoom(draws: number): Float64Array {
  return f64('gathered', draws + 1);
}

/** Room for the first n draws' paths, nk compute knots each. */
export function bandDraws(n: number, nk: number): BandDraws {
  if (keptFlags.length < n) keptFlags = new Uint8Array(Math.max(n, 1024));
  return {
    n,
    s0: f64('s0', n),
    g: f64('g', n),
    d0: f64('d0', n),
    dg: f64('dg', n),
    compute: n > KEEP_DRAWS ? new Uint8Array(n) : keptFlags.subarray(0, n),
    knots: f64('knots', n * nk),
    nk,
    pre: f64('pre', n)
  };
}

/** Room for the band values near a percentile's guess (epoch-bands.ts). */
export function bandRoom(n: number): Float64Array {
  return f64('room', n);
}

/** One value per band draw, overwritten year by year while the curves are read. */
export function bandScratch(n: number): Float64Array {
  return f64('scratch', n);
}
