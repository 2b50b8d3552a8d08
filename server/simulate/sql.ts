// SQL fragments shared by the backfill queries. Values never enter the SQL text: curves and
// weights travel as bound {name:Type} parameters. The only literals spliced in are the integer
// salts below, which are this module's own constants, checked before use.

/**
 * A uniform draw in (0, 1), deterministic per row: the seed, the chunk, the row number and a
 * per-column salt are hashed, so the same seed always gives the same history (rand() would not)
 * and two columns of one row are independent. 32 bits of the hash are plenty for a simulation;
 * the +0.5 keeps the draw off 0 so log(u) is finite.
 */
export function uniform(salt: number): string {
  if (!Number.isInteger(salt) || salt < 0 || salt > 1_000_000) throw new Error(`bad salt ${salt}`);
  return `((cityHash64({seed:UInt64}, {chunk:UInt32}, number, ${salt}) % 4294967296) + 0.5) / 4294967296`;
}

/** 64 random bits per row (simhash, ids). */
export function hash64(salt: number): string {
  if (!Number.isInteger(salt) || salt < 0 || salt > 1_000_000) throw new Error(`bad salt ${salt}`);
  return `cityHash64({seed:UInt64}, {chunk:UInt32}, number, ${salt})`;
}

/** A standard normal from two uniforms (Box-Muller). */
export function normal(saltA: number, saltB: number): string {
  return `(sqrt(-2 * log(${uniform(saltA)})) * cos(2 * pi() * ${uniform(saltB)}))`;
}

/** 1-based index of the first cumulative weight above u: a weighted choice. */
export function pick(u: string, cumParam: string): string {
  return `arrayFirstIndex(c -> c > ${u}, ${cumParam})`;
}

/**
 * Piecewise-linear interpolation of t through knots (xs, ys), flat beyond the ends: the same
 * function as curves.ts's pwl. Each segment [x0, x1) contributes its interpolated value when t
 * falls in it and 0 otherwise, so the sum is the value of the one segment that holds t.
 */
export function pwl(t: string, xs: string, ys: string): string {
  const inner =
    `arraySum(arrayMap((x0, x1, y0, y1) -> if(${t} >= x0 AND ${t} < x1, y0 + (y1 - y0) * (${t} - x0) / (x1 - x0), 0), ` +
    `arrayPopBack(${xs}), arrayPopFront(${xs}), arrayPopBack(${ys}), arrayPopFront(${ys})))`;
  return `if(${t} < ${xs}[1], ${ys}[1], if(${t} >= ${xs}[-1], ${ys}[-1], ${inner}))`;
}
