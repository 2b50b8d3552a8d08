// The AI-text detector hook: an HTTP service the lab runs (DETECTOR_URL). The project ships no
// detector of its own; without one, crawl-file documents keep provenance `unknown`. Contract:
// docs/INGEST.md, "Detector service".
import type { CrawlDocument } from './document';

/** Scores at or above this are `ai`; at or below HUMAN_AT, `human`; between, `mixed`. */
const AI_AT = 0.8;
const HUMAN_AT = 0.2;
/** Documents per request: a batch of typical web pages stays around a megabyte. */
const DETECTOR_BATCH = 64;
const TIMEOUT_MS = 60_000;
const DETECTOR_LABEL = /^[a-z0-9][a-z0-9_.\-/]{0,63}$/;

export class DetectorError extends Error {
  override name = 'DetectorError';
}

export function provenanceOf(score: number): 'human' | 'ai' | 'mixed' {
  if (score >= AI_AT) return 'ai';
  if (score <= HUMAN_AT) return 'human';
  return 'mixed';
}

interface DetectorAnswer {
  detector?: unknown;
  scores?: unknown;
}

/**
 * Sends the documents' text in batches and sets ai_score, detector and provenance on each row.
 * Any failure (no answer, non-200, a score missing or out of 0..1) throws: a half-scored batch
 * would be stored as if the detector had judged it.
 */
export async function scoreDocuments(url: string, docs: CrawlDocument[]): Promise<void> {
  for (let i = 0; i < docs.length; i += DETECTOR_BATCH) {
    const batch = docs.slice(i, i + DETECTOR_BATCH);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ documents: batch.map((d) => ({ id: d.recordId, lang: d.row.lang, text: d.text })) }),
        signal: AbortSignal.timeout(TIMEOUT_MS)
      });
    } catch (e) {
      throw new DetectorError(`detector at ${url} did not answer: ${(e as Error).message}`);
    }
    if (res.status !== 200) throw new DetectorError(`detector at ${url} answered ${res.status}`);
    const body = (await res.json().catch(() => null)) as DetectorAnswer | null;
    const name = body?.detector;
    if (typeof name !== 'string' || !DETECTOR_LABEL.test(name)) {
      throw new DetectorError(`detector at ${url}: "detector" must be a lower-case label such as "acme-v2"`);
    }
    const scores = new Map<string, number>();
    for (const s of Array.isArray(body?.scores) ? (body.scores as unknown[]) : []) {
      const { id, ai_score } = (s ?? {}) as { id?: unknown; ai_score?: unknown };
      if (typeof id === 'string' && typeof ai_score === 'number' && ai_score >= 0 && ai_score <= 1) scores.set(id, ai_score);
    }
    for (const d of batch) {
      const score = scores.get(d.recordId);
      if (score === undefined) throw new DetectorError(`detector at ${url} gave no score in 0..1 for ${d.recordId}`);
      d.row.ai_score = score;
      d.row.detector = name;
      d.row.provenance = provenanceOf(score);
    }
  }
}
