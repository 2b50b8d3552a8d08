// The curated events shipped with the product (clickhouse/seed/annotations/events.json), each
// with a primary source: checked and loaded on every start, written again only when changed.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../paths';
import type { AnnotationStore } from './store';
import { checkAnnotation, RowError, type AnnotationInput } from './validate';

const CURATED_EVENTS = join(projectRoot(), 'clickhouse', 'seed', 'annotations', 'events.json');

/** The file's events, checked: every one needs an id and a source (a curated event without one is a bug). */
export async function readCuratedEvents(path = CURATED_EVENTS): Promise<(AnnotationInput & { id: string })[]> {
  const list: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!Array.isArray(list)) throw new Error(`${path}: expected a JSON array of annotations`);
  return list.map((v, i) => {
    try {
      const a = checkAnnotation(v);
      if (a.id === undefined) throw new RowError('id', 'a curated event needs an id');
      if (a.source === null) throw new RowError('source', 'a curated event needs a primary source');
      return { ...a, id: a.id };
    } catch (e) {
      if (e instanceof RowError) throw new Error(`${path}: entry ${i + 1}: ${e.message}`);
      throw e;
    }
  });
}

/** Loads the curated events; resolves with how many were new or changed. */
export async function loadCuratedEvents(store: AnnotationStore, path = CURATED_EVENTS): Promise<number> {
  return store.sync(await readCuratedEvents(path), 'curated');
}
