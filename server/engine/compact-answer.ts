/**
 * A read's answer in ClickHouse's JSONCompact format: column names once, each row an array, and
 * the engine's statistics, whose `elapsed` is the statement's own execution time. Both the
 * embedded engine and a server write it, which neither does for a JSONEachRow answer. Rows come
 * out as objects keyed by column name, value for value what JSONEachRow gives (the same JSON
 * settings apply to both), and reading the arrays costs less than parsing one object per row.
 */
export interface CompactAnswer {
  meta: { name: string }[];
  data: unknown[][];
  statistics?: { elapsed?: unknown };
}

/** The rows of an answer as objects; throws when the answer is not a JSONCompact one. */
export function compactRows<T>(answer: unknown): T[] {
  if (!isCompact(answer)) throw new Error('the engine answered a read with something other than JSONCompact');
  const names = answer.meta.map((m) => m.name);
  // JSON.parse makes "__proto__" an own key; plain assignment would set the prototype instead.
  const safe = !names.includes('__proto__');
  return answer.data.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      if (safe) row[names[i] as string] = values[i];
      else Object.defineProperty(row, names[i] as string, { value: values[i], enumerable: true, writable: true, configurable: true });
    }
    return row as T;
  });
}

/** The statement's own execution time in ms, or null when the answer carries none. */
export function compactElapsedMs(answer: unknown): number | null {
  const s = (answer as CompactAnswer | null)?.statistics?.elapsed;
  return typeof s === 'number' && Number.isFinite(s) && s >= 0 ? s * 1000 : null;
}

function isCompact(a: unknown): a is CompactAnswer {
  const x = a as CompactAnswer | null;
  return typeof x === 'object' && x !== null && Array.isArray(x.meta) && Array.isArray(x.data);
}
