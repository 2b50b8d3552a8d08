// Seeds training_runs from Epoch AI's dataset_sizes.csv (copied into clickhouse/seed/ with its
// attribution, CC BY 4.0) plus the few later points stated in Villalobos et al. (2024). These
// are real published rows, not simulated ones; they feed the demand trend of the forecast.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/engine';
import { readCsv } from '../import/csv';
import { projectRoot } from '../paths';
import { EPOCH_TOKENS_PER_WORD } from '../forecast/epoch-inputs';
import { VILLALOBOS_2024 } from './targets';
import { chDateTime } from './time';

export const EPOCH_SEED_FILE = 'clickhouse/seed/epoch_dataset_sizes.csv';
export const EPOCH_SOURCE = 'Epoch AI dataset_sizes.csv (CC BY 4.0)';

interface TrainingRun {
  model: string;
  organization: string;
  /** YYYY-MM-DD */
  published: string;
  training_tokens: number;
  parameters: number | null;
  compute_flop: number | null;
  source: string;
}

// Stated in the paper's text, newer than the CSV (which stops in late 2023). Named as in Epoch's
// "All ML Systems" table, so importing that table later replaces this row instead of adding one.
export const PAPER_POINTS: readonly TrainingRun[] = [
  {
    model: 'Llama 3-70B',
    organization: 'Meta AI',
    // Meta released Llama 3 on 18 April 2024.
    published: '2024-04-18',
    training_tokens: 15e12,
    parameters: null,
    compute_flop: null,
    source: `${VILLALOBOS_2024}: Llama 3 trained on 15T tokens (April 2024)`
  }
];

interface EpochRows {
  runs: TrainingRun[];
  /** Rows without a usable dataset size (or date), left out. */
  skipped: number;
}

/** Epoch's rows as training runs: words converted to tokens as Epoch's code does (x 4/5), as the published branch reads them. */
export function readEpochDatasetSizes(csvText: string): EpochRows {
  const { header, records } = readCsv(csvText, EPOCH_SEED_FILE);
  if (header.length === 0) throw new Error(`${EPOCH_SEED_FILE} is empty`);
  const body = records.map((r) => r.cells);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${EPOCH_SEED_FILE} has no column "${name}"`);
    return i;
  };
  const [iSystem, iDate, iComp, iDataset] = [col('system'), col('date'), col('comp'), col('dataset')];
  const runs: TrainingRun[] = [];
  let skipped = 0;
  for (const r of body) {
    const model = (r[iSystem] ?? '').trim();
    const date = (r[iDate] ?? '').trim();
    const words = Number((r[iDataset] ?? '').trim() || NaN);
    const comp = Number((r[iComp] ?? '').trim() || NaN);
    if (!model || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !(words > 0)) {
      skipped++;
      continue;
    }
    runs.push({
      model,
      // The file names no organizations; '' means unknown.
      organization: '',
      published: date,
      training_tokens: words * EPOCH_TOKENS_PER_WORD.value,
      parameters: null,
      compute_flop: comp > 0 ? comp : null,
      source: EPOCH_SOURCE
    });
  }
  return { runs, skipped };
}

interface SeedResult {
  /** Rows inserted: the CSV's rows with a dataset size plus the paper's later points. */
  inserted: number;
  fromCsv: number;
  fromPaper: number;
  skipped: number;
}

export async function seedTrainingRuns(engine: Engine, now: number = Date.now()): Promise<SeedResult> {
  const text = readFileSync(join(projectRoot(), EPOCH_SEED_FILE), 'utf8');
  const { runs, skipped } = readEpochDatasetSizes(text);
  const all = [...runs, ...PAPER_POINTS];
  await insertRuns(engine, all, now);
  return { inserted: all.length, fromCsv: runs.length, fromPaper: PAPER_POINTS.length, skipped };
}

/**
 * Epoch AI's runs are real published data, so every start loads them whatever SIMULATE says,
 * but only the models training_runs does not hold yet: a model imported since (Epoch's newer
 * All ML Systems table) keeps its row, and a second start writes nothing.
 */
export async function seedMissingTrainingRuns(engine: Engine, now: number = Date.now()): Promise<number> {
  const { runs } = readEpochDatasetSizes(readFileSync(join(projectRoot(), EPOCH_SEED_FILE), 'utf8'));
  const present = new Set(
    (await engine.rows<{ model: string }>('SELECT DISTINCT model FROM training_runs', { tag: 'published.training.present' })).map(
      (r) => r.model
    )
  );
  const missing = [...runs, ...PAPER_POINTS].filter((r) => !present.has(r.model));
  if (missing.length > 0) await insertRuns(engine, missing, now);
  return missing.length;
}

async function insertRuns(engine: Engine, all: readonly TrainingRun[], now: number): Promise<void> {
  const importedAt = chDateTime(now);
  const body = all.map((r) => JSON.stringify({ ...r, imported_at: importedAt })).join('\n') + '\n';
  await engine.insertJsonEachRow(
    'training_runs',
    ['model', 'organization', 'published', 'training_tokens', 'parameters', 'compute_flop', 'source', 'imported_at'],
    Buffer.from(body),
    { tag: 'simulate.seed.training' }
  );
}
