// What every download of a panel says about itself: where its numbers come from (origin by the
// shared rule), who published what it rests on and under which licence, with the attribution
// text those licences ask for, and the query that produced it. JSON, Parquet and the data
// package carry the same object, so a file that leaves the observatory keeps its provenance.
import type { StreamsResponse } from '../../src/lib/contract/api';
import type { Origin } from '../../src/lib/contract/origin';
import type { Citation, PanelInfo } from '../../src/lib/contract/panels';
import { panelOriginIn } from '../../src/lib/shared/origin';
import { STREAMS, isStream } from '../../src/lib/contract/streams';
import type { Engine } from '../engine/engine';
import type { View } from './definition';

/** Licences by the names the catalogue uses: their SPDX id and text, for attributions and packages. */
const LICENCES: Record<string, { id: string; url: string }> = {
  'CC BY 4.0': { id: 'CC-BY-4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  MIT: { id: 'MIT', url: 'https://opensource.org/license/mit' }
};

const OBSERVATORY = 'Peak Data Observatory';

export interface ProvenanceSource extends Citation {
  /** SPDX id and link to the licence text, when the licence is one with a canonical text. */
  licence_id?: string;
  licence_url?: string;
}

export interface Provenance {
  panel: string;
  title: string;
  description: string;
  /** published, measured, ingested or simulated (src/lib/shared/origin.ts). */
  origin: Origin;
  simulated: boolean;
  /** Said in words, so a reader of the file alone cannot take simulated numbers for measurements. */
  origin_note: string;
  sources: ProvenanceSource[];
  /** Attribution as the sources' licences ask: creator, title, licence and link, changes made. */
  attribution: string;
  /** The query: window (ISO 8601 UTC, both ends), grain and filters. */
  window: { from: string; to: string };
  grain: string;
  filters: Record<string, unknown>;
  generated_at: string;
  generated_by: string;
}

function originNote(info: PanelInfo, origin: Origin): string {
  switch (origin) {
    case 'simulated':
      return (
        `SIMULATED: the rows include rows written by the ${OBSERVATORY}'s built-in simulator, calibrated to the studies ` +
        'listed in sources; they are not measurements.'
      );
    case 'published':
      return info.citations && info.citations.length > 0
        ? 'Published data (or a computation from published inputs only), as listed in sources.'
        : 'Published data.';
    case 'measured':
      return `Measured by the ${OBSERVATORY} from real rows (ingested or imported), by the method in the description.`;
    case 'ingested':
      return 'Rows sent by producers or imported, shown as sent.';
  }
}

/** The attribution line of one source, as CC BY 4.0 asks (source, licence with link, changes). */
function attributionOf(c: Citation): string {
  const link = LICENCES[c.licence]?.url;
  return `${c.source}${c.url ? ` (${c.url})` : ''}, licence: ${c.licence}${link ? ` (${link})` : ''}`;
}

export function provenanceOf(info: PanelInfo, view: View, stats: StreamsResponse | null, now: number): Provenance {
  const origin = panelOriginIn(info, view.fromMs, view.toMs, stats);
  const sources = (info.citations ?? []).map((c): ProvenanceSource => {
    const l = LICENCES[c.licence];
    return { ...c, ...(l ? { licence_id: l.id, licence_url: l.url } : {}) };
  });
  // Attribution is owed to the data used; studies cited for method or calibration are listed in sources.
  const data = sources.filter((c) => (c.kind ?? 'data') === 'data' && c.licence !== '');
  const attribution =
    data.length === 0
      ? `${OBSERVATORY}: ${info.title}.`
      : `${data.map(attributionOf).join('; ')}. Changes: selected, aggregated and ` +
        `computed by the ${OBSERVATORY} (panel ${info.id}: window, grain and filters as stated).`;
  return {
    panel: info.id,
    title: info.title,
    description: info.description,
    origin,
    simulated: origin === 'simulated',
    origin_note: originNote(info, origin),
    sources,
    attribution,
    window: { from: new Date(view.fromMs).toISOString(), to: new Date(view.toMs).toISOString() },
    grain: view.grain,
    filters: { ...view.filters },
    generated_at: new Date(now).toISOString(),
    generated_by: OBSERVATORY
  };
}

/**
 * The simulated spans per stream, all the origin rule needs: one read of stream_origins (a
 * handful of rows), so a download does not pay for the row counts of /api/streams.
 */
export async function readOriginStats(engine: Engine): Promise<StreamsResponse> {
  const rows = await engine.rows<{ stream: string; rows: number; first: number; last: number }>(
    `SELECT stream, sum(rows) AS rows, toUnixTimestamp64Milli(min(first_ts)) AS first, toUnixTimestamp64Milli(max(last_ts)) AS last
     FROM stream_origins WHERE origin = 'simulator' GROUP BY stream`,
    { tag: 'rest provenance.origins' }
  );
  const out = Object.fromEntries(
    STREAMS.map((s) => [s, { rows: 0, last_ts: null, simulated_rows: 0, simulated_from: null, simulated_to: null }])
  ) as StreamsResponse;
  for (const r of rows) {
    if (!isStream(r.stream) || !(Number(r.rows) > 0)) continue;
    out[r.stream].simulated_rows = Number(r.rows);
    out[r.stream].simulated_from = new Date(Number(r.first)).toISOString();
    out[r.stream].simulated_to = new Date(Number(r.last)).toISOString();
  }
  return out;
}
