// `npm run import -- compute-projection FILE`: a compute projection in Epoch AI's format (the
// data/compute_projection.csv of epoch-research/data-stock: rows `index,log10_flop,year`, one per
// path and year) replaces the shipped Besiroglu et al. (2022) table in the forecast's
// compute-based projection. Written straight into the database the server uses; a running
// server picks it up on its next forecast.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadConfig } from '../config';
import { openEngine } from '../engine/engine';
import { migrate } from '../engine/migrations';
import { ProjectionFormatError } from '../forecast/epoch-compute-projection';
import { saveProjection } from '../forecast/epoch-projection-store';
import { projectRoot } from '../paths';
import { ImportFileError } from './read';
import { ImportTargetError } from './target';

export const PROJECTION_COMMAND = 'compute-projection';

export async function importProjection(file: string, env: Record<string, string | undefined>): Promise<string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ImportFileError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const config = loadConfig(env);
  let engine;
  try {
    engine = await openEngine(config);
  } catch (e) {
    throw new ImportTargetError(
      `cannot open the database (${config.clickhouseUrl ?? config.chdbPath}): ${(e as Error).message}; ` +
        'a compute projection is written straight into the database, so stop a server that holds the embedded one first'
    );
  }
  try {
    await migrate(engine, join(projectRoot(), 'clickhouse', 'migrations'), config.clickhouseCluster);
    const r = await saveProjection(engine, text, basename(file));
    return `compute projection ${basename(file)}: ${r.paths} paths, years ${r.years[0]}-${r.years[r.years.length - 1]}, stored as ${r.id.slice(0, 12)}; the forecast's compute branch now uses it\n`;
  } catch (e) {
    if (e instanceof ProjectionFormatError) throw new ImportFileError(`${basename(file)}: ${e.message}`);
    throw e;
  } finally {
    await engine.close();
  }
}
