// What the observatory's own panels say now about the quantity a claim is about. Only panels
// listed here have a reading; every reading says how its scope differs from the claim's and
// whether simulated rows are behind it.
import type { ClaimEvidence } from '../../src/lib/contract/claims';
import type { PanelId } from '../../src/lib/contract/panels';
import type { PanelRow } from '../../src/lib/contract/socket';
import type { Stream } from '../../src/lib/contract/streams';
import type { Engine } from '../engine/engine';
import { CATALOGUE } from '../panels/catalogue';
import type { View } from '../panels/definition';
import { runPanel } from '../panels/run';
import { resolveView } from '../panels/view';
import { postingsIndex, rates } from './readers/market';
import { num, round, type Reader } from './readers/reader';
import { llmWords, markerWords } from './readers/words';
import type { ClaimInput } from './validate';

interface EvidenceDeps {
  engine: Engine;
  now: number;
  /** Streams holding simulated rows. */
  simulated: ReadonlySet<Stream>;
  /** Panel reads shared by the claims of one request: each panel is run once. */
  reads?: Map<PanelId, Promise<{ rows: PanelRow[]; view: View }>>;
}

const SIMULATED_NOTE =
  " These rows include the simulator's, which is calibrated to published figures (Graphite's among them): they illustrate the claim, they cannot test it.";

const READERS: Partial<Record<PanelId, Reader>> = {
  'provenance.ai_share': {
    filters: { from: 'now-30d', to: 'now' },
    read(rows, claim, simulated) {
      let docs = 0;
      let ai = 0;
      for (const r of rows) {
        const d = num(r.docs);
        const s = num(r.ai_docs);
        if (d === null || s === null) continue;
        docs += d;
        ai += s * d;
      }
      if (docs === 0) return null;
      const value = round((ai / docs) * 100, 1);
      const side = claim.value === null ? '' : value >= claim.value ? ' at or above the claimed figure' : ' below the claimed figure';
      return {
        label: 'AI share of documents crawled in the last 30 days (document share, every language and page type)',
        value,
        unit: '%',
        reading:
          `The observatory counts ${value}% of documents as AI-written in the last 30 days,${side}. ` +
          'Its scope differs: every crawled document, in every language, by the provenance class its producer sent (or the detector assigned), ' +
          "where the claim's study ran one detector on a sample of English-language articles. Agreement in size is not agreement in scope." +
          (simulated ? SIMULATED_NOTE : '')
      };
    }
  },
  'forecast.peak_data': {
    filters: {},
    read(rows, claim, simulated) {
      const years = rows
        .map((r) => ({ year: num(r.year), p: num(r.p_exhausted) }))
        .filter((r): r is { year: number; p: number } => r.year !== null && r.p !== null)
        .sort((a, b) => a.year - b.year);
      const first = (q: number) => years.find((y) => y.p >= q)?.year ?? null;
      const median = first(0.5);
      const low = first(0.1);
      const high = first(0.9);
      const range = claim.value !== null && claim.value_high !== null ? `${claim.value}-${claim.value_high}` : 'the claimed range';
      return {
        label: 'Year by which the human text stock is used up with probability 50% (10% and 90% beside it)',
        value: median,
        low,
        high,
        unit: 'year',
        reading:
          median === null
            ? `The forecast does not reach a 50% chance of exhaustion within its horizon, so it does not support ${range}.`
            : `The observatory's forecast gives ${median} as the median year (10%: ${low ?? 'beyond the horizon'}, 90%: ${high ?? 'beyond the horizon'}), ` +
              `to set beside ${range}. It restates the same paper's model, so agreement checks the computation, not the paper's assumptions.` +
              (simulated ? ' Its live inputs include simulated rows.' : '')
      };
    }
  },
  'market.postings_index': postingsIndex,
  'market.rates': rates,
  'provenance.marker_words': markerWords,
  'published.llm_words': llmWords
};

/** The evidence for a claim: the first of its panels the observatory can read, or null. */
export async function evidenceFor(claim: ClaimInput, deps: EvidenceDeps): Promise<ClaimEvidence | null> {
  for (const panel of claim.panels) {
    const reader = READERS[panel];
    const def = CATALOGUE.get(panel);
    if (!reader || !def) continue;
    let pending = deps.reads?.get(panel);
    if (!pending) {
      const view = resolveView(def, reader.filters, deps.now);
      pending = runPanel(deps.engine, undefined, def, view, `claims.evidence ${panel}`).then((rows) => ({ rows, view }));
      deps.reads?.set(panel, pending);
    }
    const { rows, view } = await pending;
    const via = def.info.simulated_via ?? def.info.streams;
    const simulated = via.some((s) => deps.simulated.has(s));
    const read = reader.read(rows, claim, simulated);
    if (!read) continue;
    return {
      panel,
      ...read,
      window: { from: new Date(view.fromMs).toISOString(), to: new Date(view.toMs).toISOString() },
      origin: simulated ? 'simulated' : 'measured'
    };
  }
  return null;
}
