// Model samples for the diversity panels: the collapse simulation's texts, generations spread
// over the history in order, so a chart over time shows later generations later.
import { gzipBytes } from '../diversity/metrics';
import type { Engine } from '../engine/engine';
import { COLLAPSE_FAMILY, promptId, simulateCollapse } from './collapse';
import { chDateTime } from './time';

const COLUMNS = ['ts', 'model_family', 'model', 'generation', 'synthetic_fraction', 'prompt_id', 'text', 'gzip_bytes', 'origin'] as const;

export async function backfillSamples(engine: Engine, fromMs: number, toMs: number, seed: number): Promise<number> {
  const run = simulateCollapse({ seed });
  const lines: string[] = [];
  for (const chain of run.chains) {
    const generations = chain.generations.length;
    for (const g of chain.generations) {
      const count = g.texts.length;
      g.texts.forEach((text, i) => {
        // Generation g occupies the g-th slice of the range; its texts are evenly spaced in it.
        const t = fromMs + ((toMs - fromMs) * (g.generation + (i + 0.5) / count)) / generations;
        lines.push(
          JSON.stringify({
            ts: chDateTime(Math.floor(t)),
            model_family: COLLAPSE_FAMILY,
            model: chain.variant.model,
            generation: g.generation,
            synthetic_fraction: chain.variant.syntheticFraction,
            prompt_id: promptId(i),
            text,
            // Ingest computes each text's gzip size; this insert bypasses ingest, so it does too.
            gzip_bytes: gzipBytes(text),
            origin: 'simulator'
          })
        );
      });
    }
  }
  if (lines.length === 0) return 0;
  await engine.insertJsonEachRow('model_samples', COLUMNS, Buffer.from(lines.join('\n') + '\n'), { tag: 'simulate.backfill.samples' });
  return lines.length;
}
