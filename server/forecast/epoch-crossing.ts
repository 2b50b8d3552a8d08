// Where a compute path's dataset D reaches the stock S. ln D is piecewise linear in t (years from
// 2024-01-01) through its values at the projection's knots, the first and last segments extended,
// and before t = 0 carried back at the path's own pre-2024 slope. Which segment each evaluation
// falls in depends only on the knots, so a run finds those segments once (crossingPlan) and each
// of its draws does only the arithmetic: v0 + (t - t0)(v1 - v0) / (t1 - t0) on its segment, the
// interpolation the curves use too (epoch-bands.ts).

/** The knot segment a time t >= 0 falls in: the last one before t, the first or last extended. */
export function segmentAt(t: number, knotT: Float64Array): number {
  const n = knotT.length;
  let k = 0;
  while (k < n - 2 && t > (knotT[k + 1] as number)) k++;
  return k;
}

/**
 * The points firstCrossing evaluates (t = 0, each knot after it, one year past the last) with
 * each one's segment, offset into it and segment length: the same for every path of a run.
 */
export interface CrossingPlan {
  /** Evaluation points: t = 0, then the knots visited, then one year past the last of them. */
  t: Float64Array;
  seg: Int32Array;
  /** t - the segment's first knot, and the segment's length. */
  dt: Float64Array;
  span: Float64Array;
  /**
   * Where firstCrossing leaves its answer. A double returned from a call V8 does not inline is
   * boxed on the heap: one box per compute draw was nearly all of a run's garbage.
   */
  crossing: Float64Array;
}

export function crossingPlan(knotT: Float64Array): CrossingPlan {
  const ts = [0];
  let t0 = 0;
  for (const tk of knotT) {
    if (tk <= t0) continue;
    ts.push(tk);
    t0 = tk;
  }
  ts.push(t0 + 1);
  const n = ts.length;
  const plan: CrossingPlan = {
    t: Float64Array.from(ts),
    seg: new Int32Array(n),
    dt: new Float64Array(n),
    span: new Float64Array(n),
    crossing: new Float64Array(1)
  };
  for (let j = 0; j < n; j++) {
    const t = ts[j] as number;
    const k = segmentAt(t, knotT);
    const first = knotT[k] as number;
    plan.seg[j] = k;
    plan.dt[j] = t - first;
    plan.span[j] = (knotT[k + 1] as number) - first;
  }
  return plan;
}

/**
 * First t where the path's ln D (values at the knots in lnD) reaches ln S0 + t lng. f = ln D - ln S
 * is piecewise linear with breaks at t = 0 and the knots after it, so each piece is solved exactly.
 * The answer is left in plan.crossing[0].
 */
export function firstCrossing(plan: CrossingPlan, lnD: Float64Array, preSlope: number, lnS0: number, lng: number): void {
  const { t: ts, seg, dt, span, crossing: out } = plan;
  const last = ts.length - 1;
  let k = seg[0] as number;
  let v0 = lnD[k] as number;
  let f0 = v0 + ((dt[0] as number) * ((lnD[k + 1] as number) - v0)) / (span[0] as number) - lnS0;
  if (f0 >= 0) {
    const slope = preSlope - lng;
    out[0] = slope > 0 ? -f0 / slope : -Infinity;
    return;
  }
  let t0 = 0;
  for (let j = 1; j < last; j++) {
    const tk = ts[j] as number;
    k = seg[j] as number;
    v0 = lnD[k] as number;
    const fk = v0 + ((dt[j] as number) * ((lnD[k + 1] as number) - v0)) / (span[j] as number) - (lnS0 + tk * lng);
    if (fk >= 0) {
      out[0] = t0 + (-f0 * (tk - t0)) / (fk - f0);
      return;
    }
    t0 = tk;
    f0 = fk;
  }
  k = seg[last] as number;
  v0 = lnD[k] as number;
  const at = v0 + ((dt[last] as number) * ((lnD[k + 1] as number) - v0)) / (span[last] as number);
  const slope = at - (lnS0 + (t0 + 1) * lng) - f0;
  out[0] = slope > 0 ? t0 - f0 / slope : Infinity;
}
