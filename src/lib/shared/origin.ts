// Pure: the one rule that says where a figure comes from, shared by the pages (panels, tiles, wall
// scenes, the forecast what-if), the server's report and its downloads. A figure's origin follows
// from the rows and inputs it was computed from, never from the streams a panel merely listens to.
import type { StreamsResponse } from '../contract/api';
import type { Assumption } from '../contract/forecast';
import type { Origin } from '../contract/origin';
import type { PanelInfo } from '../contract/panels';
import type { PanelRow } from '../contract/socket';
import type { Stream } from '../contract/streams';

/** A bucket starting before the simulated span can still hold simulated rows: the longest grain. */
const LONGEST_BUCKET_MS = 31 * 86_400_000;

/**
 * Precedence when inputs of different origins meet in one figure: one simulated input makes the
 * figure simulated; otherwise rows sent by producers, then this project's own computation, then
 * published numbers. With no inputs at all the figure rests on nothing measured: published.
 */
const RANK: Record<Origin, number> = { published: 0, measured: 1, ingested: 2, simulated: 3 };

export function combineOrigins(origins: Iterable<Origin>): Origin {
  let out: Origin = 'published';
  for (const o of origins) if (RANK[o] > RANK[out]) out = o;
  return out;
}

/** Time span of the simulator's rows in a stream, or null when it wrote none. */
function simulatedSpan(stats: StreamsResponse | null, stream: Stream): { from: number; to: number } | null {
  const s = stats?.[stream];
  if (!s || !(s.simulated_rows > 0) || s.simulated_from === null || s.simulated_to === null) return null;
  const from = Date.parse(s.simulated_from);
  const to = Date.parse(s.simulated_to);
  return Number.isFinite(from) && Number.isFinite(to) ? { from, to } : null;
}

/**
 * Whether a span of simulated rows meets [fromMs, toMs]. `padMs` widens the end: a bucket starting
 * at toMs may reach a month further. Unknown bounds (NaN) count as meeting: better a tag too many
 * than a simulated number untagged.
 */
export function spanMeets(span: { from: number; to: number } | null, fromMs: number, toMs: number, padMs = LONGEST_BUCKET_MS): boolean {
  if (!span) return false;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return true;
  return fromMs <= span.to && toMs + padMs >= span.from;
}

/** Whether simulated rows of `stream` can lie in the buckets starting in [fromMs, toMs]. */
export function simulatedIn(stats: StreamsResponse | null, stream: Stream, fromMs: number, toMs: number): boolean {
  return spanMeets(simulatedSpan(stats, stream), fromMs, toMs);
}

/** What a panel's rows are when no simulated row can be among them. */
export function baseOrigin(info: Pick<PanelInfo, 'streams' | 'origin'>): Origin {
  if (info.origin) return info.origin;
  return info.streams.length > 0 && info.streams.every((s) => s === 'series') ? 'published' : 'ingested';
}

/**
 * The origin of what a panel shows: simulated when a stream the simulator can reach it through
 * (`simulated_via`, default its streams) holds simulated rows whose span meets the rows' time
 * range (without a time column, or with no rows yet, the stream alone decides); otherwise the
 * panel's base origin. The forecast panel, computed from the paper's inputs only, lists no
 * stream in `simulated_via`, so crawl rows it listens to never tag it.
 */
export function panelOrigin(
  info: Pick<PanelInfo, 'streams' | 'columns' | 'simulated_via' | 'origin'>,
  rows: readonly PanelRow[] | null,
  stats: StreamsResponse | null
): Origin {
  const time = info.columns.find((c) => c.role === 'time');
  let min = NaN;
  let max = NaN;
  if (time && rows) {
    for (const r of rows) {
      const t = Number(r[time.name]);
      if (!Number.isFinite(t)) continue;
      if (!(t >= min)) min = t;
      if (!(t <= max)) max = t;
    }
  }
  return panelOriginIn(info, min, max, stats);
}

/**
 * The same rule for rows known only by their time range (a download ClickHouse writes without
 * the rows passing through Node): the request's window stands for the rows' range. NaN bounds
 * leave the stream alone to decide.
 */
export function panelOriginIn(
  info: Pick<PanelInfo, 'streams' | 'simulated_via' | 'origin'>,
  fromMs: number,
  toMs: number,
  stats: StreamsResponse | null
): Origin {
  const via = info.simulated_via ?? info.streams;
  return via.some((s) => simulatedIn(stats, s, fromMs, toMs)) ? 'simulated' : baseOrigin(info);
}

/**
 * The origin of a forecast: that of the assumptions it used. An assumption shown for reference
 * but not applied (`applied: false`, the AI share with the scenario off) does not count; one
 * without an origin is a published number or a query parameter, neither simulated.
 */
export function forecastOrigin(assumptions: Record<string, Pick<Assumption, 'origin' | 'applied'>>): Origin {
  return combineOrigins(
    Object.values(assumptions)
      .filter((a) => a.applied !== false)
      .map((a) => a.origin ?? 'published')
  );
}
