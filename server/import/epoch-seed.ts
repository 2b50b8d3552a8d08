// Seeds training_runs from the copy of Epoch AI's "All ML Systems" table the project ships
// (clickhouse/seed/epoch_all_ml_systems_2024-09.csv, CC BY 4.0), with the same conversion as
// `npm run import` (epoch.ts) and through the same ingest pipeline.
//
// Meant to run after seedTrainingRuns (server/simulate/training-seed.ts) when the simulator fills
// an empty database: the paper's dataset_sizes.csv stops in 2023 and has 80 runs; this table adds
// the 2024 frontier (Llama 3.1, Qwen2.5, Gemma 2...) and replaces same-named rows with its newer
// figures, so the live demand trend uses the newest data the project ships.
//
// The CSV is parsed in Node (csv-parse, csv.ts) rather than with ClickHouse's
// file(): with CLICKHOUSE_URL set, file() would look for it on the database server's disk.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Engine } from '../engine/engine';
import { IngestPipeline, type OnWritten } from '../ingest/pipeline';
import { projectRoot } from '../paths';
import { readCsv } from './csv';
import { EPOCH_COLUMNS, convertEpoch, epochSource, type EpochConversion, type EpochRecord } from './epoch';

const EPOCH_ALL_SYSTEMS_FILE = 'clickhouse/seed/epoch_all_ml_systems_2024-09.csv';

interface EpochSeedResult extends Pick<EpochConversion, 'skipped' | 'units'> {
  records: number;
  inserted: number;
}

export async function seedEpochAllSystems(engine: Engine, onWritten: OnWritten = () => {}): Promise<EpochSeedResult> {
  const path = join(projectRoot(), EPOCH_ALL_SYSTEMS_FILE);
  const { header, records: body } = readCsv(readFileSync(path, 'utf8'), EPOCH_ALL_SYSTEMS_FILE);
  if (header.length === 0) throw new Error(`${EPOCH_ALL_SYSTEMS_FILE} is empty`);
  const at = new Map(header.map((h, i) => [h, i]));
  for (const c of EPOCH_COLUMNS) if (!at.has(c)) throw new Error(`${EPOCH_ALL_SYSTEMS_FILE} has no column "${c}"`);
  const records: EpochRecord[] = body.map(({ cells: r }) => Object.fromEntries(EPOCH_COLUMNS.map((c) => [c, r[at.get(c) ?? -1] ?? null])));
  const conv = convertEpoch(records, epochSource(basename(path)));
  const ndjson = conv.rows.map((r) => JSON.stringify(r.row)).join('\n') + '\n';
  // A fixed key: seeding twice writes once.
  const r = await new IngestPipeline(engine, onWritten).write('training', ndjson, {
    idempotencyKey: 'seed-epoch-all-ml-systems-2024-09',
    source: 'seed'
  });
  return { records: records.length, inserted: r.accepted, skipped: conv.skipped, units: conv.units };
}
