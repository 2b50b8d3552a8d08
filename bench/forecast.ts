// The simple forecast model (`?model=simple`), 100,000 draws. The design's forecast budget is for
// the API's default, Epoch's model (bench/forecast-epoch.ts); this one is measured beside it.
// Run alone with `npx tsx bench/forecast.ts`, or import main() from a bench runner.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { runForecast } from '../server/forecast/model';
import { publishedInputs } from '../server/forecast/published';

export interface ForecastBenchResult {
  bench: 'forecast';
  draws: number;
  p50_ms: number;
  p95_ms: number;
  max_ms: number;
}

const DRAWS = 100_000;
const RUNS = 20;
const WARMUP = 5;

export async function main(): Promise<ForecastBenchResult> {
  const inputs = publishedInputs();
  // Warm-up lets the JIT optimise the draw loop so the timings are of steady-state code.
  for (let i = 0; i < WARMUP; i++) runForecast(inputs, { draws: DRAWS, seed: i });
  const times: number[] = [];
  let sink = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    // Varying the seed keeps the work honest; the sink stops the result being optimised away.
    const r = runForecast(inputs, { draws: DRAWS, seed: 1000 + i });
    times.push(performance.now() - start);
    sink += r.exhaustion.median_year ?? 0;
  }
  if (!Number.isFinite(sink)) throw new Error('forecast produced a non-finite median');
  times.sort((a, b) => a - b);
  const at = (p: number): number => round(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] ?? NaN);
  return {
    bench: 'forecast',
    draws: DRAWS,
    p50_ms: at(0.5),
    p95_ms: at(0.95),
    max_ms: round(times[times.length - 1] ?? NaN)
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    }
  );
}
