// What a stored quantity can physically be. Ingest refuses a value beyond its bound (the bound in
// the message), and every read that feeds a model or a panel leaves out a stored row beyond it
// (written before the bound existed, or into the table directly) instead of failing on it.

/** A magnitude as the messages print it: 1e16, not 10000000000000000. */
export const formatBound = (n: number): string => n.toExponential().replace('e+', 'e');

/**
 * Upper bounds on a training run, each far above anything published so far and below where the
 * forecast's arithmetic stops being finite:
 * - training_tokens 1e16: the largest dataset in Epoch AI's table (epoch_all_ml_systems 2024-09)
 *   is 1.8e13 tokens (Qwen2.5-72B), and the whole stock of human text is at most ~2.1e15 raw
 *   tokens (Villalobos et al. 2024, 95% upper end; docs/FORECAST.md).
 * - parameters 1e15: the largest in the same table is 1.74e14 (BaGuaLu).
 * - compute_flop 1e29: the largest in the same table is 5e25 FLOP (Gemini 1.0 Ultra).
 */
export const TRAINING_BOUNDS = { training_tokens: 1e16, parameters: 1e15, compute_flop: 1e29 } as const;

export type TrainingBoundField = keyof typeof TRAINING_BOUNDS;

/** Why a stored training run cannot be used, or null when it can. */
export function trainingRowProblem(r: Readonly<Record<string, unknown>>): string | null {
  for (const field of Object.keys(TRAINING_BOUNDS) as TrainingBoundField[]) {
    const v = r[field];
    if ((v === null || v === undefined) && field !== 'training_tokens') continue;
    const n = typeof v === 'number' ? v : Number(v);
    if (!(Number.isFinite(n) && n > 0 && n <= TRAINING_BOUNDS[field])) {
      return `${field} is not a positive number of at most ${formatBound(TRAINING_BOUNDS[field])}`;
    }
  }
  return null;
}

/** Stored rows a read left out because they cannot be used: in answers and in /api/health. */
export interface LeftOutRows {
  table: string;
  rows: number;
  /** Why, for the first row left out. */
  reason: string;
  /** Keys of the first few rows left out (the model of a training run), to find and fix them. */
  examples: string[];
}
