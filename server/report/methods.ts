import { COMMON_CRAWL, INDEED, KOBAK } from '../citations/sources';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIVERSITY_METRICS } from '../diversity/metrics';
import { PUBLISHED_RESULT } from '../forecast/published';
import { projectRoot } from '../paths';
import * as targets from '../simulate/targets';

/**
 * The methods and sources a report prints. Definitions come from where the project keeps them
 * (docs/METHODS.md tables, server/diversity/metrics.ts, server/simulate/targets.ts,
 * server/forecast/published.ts), so the report cannot drift from the code and the docs.
 */

/** Per panel id, its "measures" cell from the tables of docs/METHODS.md (markdown kept as text). */
export function methodsByPanel(): Map<string, string> {
  const out = new Map<string, string>();
  const file = join(projectRoot(), 'docs', 'METHODS.md');
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\|\s*((?:`[a-z_]+\.[a-z_]+`(?:,\s*)?)+)\s*\|\s*(.+?)\s*\|\s*$/.exec(line);
    if (!m) continue;
    for (const id of (m[1] ?? '').match(/`([a-z_]+\.[a-z_]+)`/g) ?? []) out.set(id.replace(/`/g, ''), m[2] ?? '');
  }
  return out;
}

/** The marker-word estimate's method and word list (clickhouse/seed/README.md). */
const KOBAK_2024 =
  'Kobak, González-Márquez, Horvát & Lause, "Delving into ChatGPT usage in academic writing through excess vocabulary", arXiv:2406.07016 (2024); their 2024 excess style words below 2% frequency (MIT), the 2024 marker group of provenance.marker_words, read in the first 200 words of each document';

export const DOMAIN_ANCHORS: Record<string, string[]> = {
  // Measured data: the publishers of the shipped series (and of anything imported, cited per panel).
  published: [COMMON_CRAWL, INDEED, KOBAK].map((c) => `${c.source} (${c.licence}), ${c.url}`),
  provenance: [
    targets.AI_SHARE_NOV_2023.source,
    targets.AI_SHARE_NOV_2024.source,
    targets.AI_SHARE_MAY_2025.source,
    targets.DETECTOR_FALSE_POSITIVE_RATE.source,
    targets.DETECTOR_FALSE_NEGATIVE_RATE.source,
    KOBAK_2024
  ],
  market: [
    targets.POSTINGS_WRITING.source,
    targets.POSTINGS_CODING.source,
    targets.POSTINGS_AUTOMATION_PRONE.source,
    targets.WRITING_EARNINGS.source
  ],
  diversity: [targets.COLLAPSE_GENERATIONS.source, targets.COLLAPSE_ORIGINAL_KEPT.source],
  training: ['Epoch AI, "Data on Notable AI Models" / dataset_sizes (CC BY 4.0), seeded into training_runs', PUBLISHED_RESULT.source],
  forecast: [PUBLISHED_RESULT.source]
};

export const DIVERSITY_DEFINITIONS = DIVERSITY_METRICS.map((m) => ({
  name: m.name,
  label: m.label,
  definition: m.definition,
  reference: m.reference
}));

interface CalibrationTarget {
  name: string;
  value: string;
  source: string;
}

/** Every calibration figure of the simulator, with its source. */
export function calibrationTargets(): CalibrationTarget[] {
  const out: CalibrationTarget[] = [];
  for (const [name, v] of Object.entries(targets)) {
    if (typeof v !== 'object' || v === null) continue;
    const t = v as { value?: unknown; source?: unknown; at?: unknown; knots?: unknown };
    if (typeof t.source !== 'string') continue;
    let value = '';
    if (typeof t.value === 'number') value = String(t.value) + (typeof t.at === 'string' ? ` at ${t.at}` : '');
    else if (typeof t.at === 'string') value = t.at;
    else if (Array.isArray(t.knots)) value = (t.knots as [string, number][]).map(([d, x]) => `${d}: ${x}`).join('; ');
    out.push({ name, value, source: t.source });
  }
  return out;
}
