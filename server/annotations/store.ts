// The annotations table (migration 0100): every write appends a version, a delete appends a
// tombstone; readers take each id's highest version. One writer per process at a time, so two
// edits of one id never claim the same version.
import { createHash, randomUUID } from 'node:crypto';
import type { Annotation, AnnotationOrigin, AnnotationVersion } from '../../src/lib/contract/annotations';
import type { PanelId } from '../../src/lib/contract/panels';
import type { Engine } from '../engine/engine';
import { priorRequest, recordRequest } from '../ingest/requests';
import type { AnnotationInput } from './validate';

/** What changed in one write, for the live feed. */
export interface AnnotationChange {
  upserts: Annotation[];
  removed: string[];
}

interface ListQuery {
  fromMs?: number;
  toMs?: number;
  /** Any of these tags; empty: all. */
  tags?: string[];
  panel?: PanelId;
}

/** The id does not exist, or its latest version is a tombstone. */
export class AnnotationNotFound extends Error {
  override name = 'AnnotationNotFound';
}

interface DbRow {
  id: string;
  version: number;
  deleted: number;
  kind: string;
  time: number;
  time_end: number | null;
  title: string;
  text: string;
  tags: string[];
  panels: string[];
  source_title: string;
  source_url: string;
  source_licence: string;
  author: string;
  origin: string;
  written_at: number;
}

/**
 * An annotation version's content columns, in table order. The CSV download (csv.ts) has the
 * same columns by the same names, so a spreadsheet and the table read alike.
 */
export const ANNOTATION_COLUMNS = [
  'id',
  'version',
  'kind',
  'time',
  'time_end',
  'title',
  'text',
  'tags',
  'panels',
  'source_title',
  'source_url',
  'source_licence',
  'author',
  'origin'
] as const;
export type AnnotationColumn = (typeof ANNOTATION_COLUMNS)[number];

/** What an insert writes: the content, whether the version is a tombstone, and when it was written. */
const COLUMNS = [...ANNOTATION_COLUMNS, 'deleted', 'written_at'] as const;

const SELECT = `id, version, deleted, kind, toUnixTimestamp64Milli(time) AS time,
  if(time_end IS NULL, NULL, toUnixTimestamp64Milli(assumeNotNull(time_end))) AS time_end,
  title, text, tags, panels, source_title, source_url, source_licence, author, origin,
  toUnixTimestamp64Milli(written_at) AS written_at`;

/** Each id's latest version, tombstones included (the outer query drops them). */
const LATEST = `SELECT ${SELECT} FROM annotations ORDER BY id, version DESC LIMIT 1 BY id`;

function toAnnotation(r: DbRow): Annotation {
  return {
    id: r.id,
    version: Number(r.version),
    kind: r.kind === 'region' ? 'region' : 'event',
    time: Number(r.time),
    timeEnd: r.time_end === null ? null : Number(r.time_end),
    title: r.title,
    text: r.text,
    tags: r.tags,
    panels: r.panels as PanelId[],
    source: r.source_url ? { title: r.source_title, url: r.source_url, licence: r.source_licence } : null,
    author: r.author,
    origin: r.origin as AnnotationOrigin
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

function dbRow(a: Annotation, deleted: boolean, writtenAt: number): Record<(typeof COLUMNS)[number], unknown> {
  return {
    id: a.id,
    version: a.version,
    deleted: deleted ? 1 : 0,
    kind: a.kind,
    time: iso(a.time),
    time_end: a.timeEnd === null ? null : iso(a.timeEnd),
    title: a.title,
    text: a.text,
    tags: a.tags,
    panels: a.panels,
    source_title: a.source?.title ?? '',
    source_url: a.source?.url ?? '',
    source_licence: a.source?.licence ?? '',
    author: a.author,
    origin: a.origin,
    written_at: iso(writtenAt)
  };
}

/** What an annotation says, without who or which version: equal content is not written again. */
function contentOf(a: Omit<Annotation, 'version'> | Annotation): string {
  const { id, kind, time, timeEnd, title, text, tags, panels, source, author, origin } = a;
  return JSON.stringify([id, kind, time, timeEnd, title, text, tags, panels, source, author, origin]);
}

interface WriteOptions {
  /** A retried request with the same key (and body) is answered from the first, not written again. */
  idempotency?: { key: string; bodySha256: string; stream: string };
}

export class AnnotationStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly engine: Engine,
    private readonly now: () => number,
    private readonly onChange: (change: AnnotationChange) => void
  ) {}

  /** Latest versions in a window, oldest first; tombstones left out. */
  async list(q: ListQuery = {}): Promise<Annotation[]> {
    const where = ['deleted = 0'];
    const params: Record<string, unknown> = {};
    if (q.toMs !== undefined) {
      where.push('time <= {to:Int64}');
      params.to = q.toMs;
    }
    if (q.fromMs !== undefined) {
      where.push('ifNull(time_end, time) >= {from:Int64}');
      params.from = q.fromMs;
    }
    if (q.tags && q.tags.length > 0) {
      where.push('hasAny(tags, {tags:Array(String)})');
      params.tags = q.tags;
    }
    if (q.panel) {
      where.push('(empty(panels) OR has(panels, {panel:String}))');
      params.panel = q.panel;
    }
    const rows = await this.engine.rows<DbRow>(`SELECT * FROM (${LATEST}) WHERE ${where.join(' AND ')} ORDER BY time, id`, {
      tag: 'annotations.list',
      params
    });
    return rows.map(toAnnotation);
  }

  /** Every version of one id, oldest first; empty when the id was never written. */
  async history(id: string): Promise<AnnotationVersion[]> {
    const rows = await this.engine.rows<DbRow>(`SELECT ${SELECT} FROM annotations WHERE id = {id:String} ORDER BY version`, {
      tag: 'annotations.history',
      params: { id }
    });
    return rows.map((r) => ({ ...toAnnotation(r), deleted: r.deleted === 1, writtenAt: Number(r.written_at) }));
  }

  /** Writes new annotations or new versions of existing ones, all in one insert. */
  create(inputs: AnnotationInput[], origin: AnnotationOrigin, opts: WriteOptions = {}): Promise<Annotation[]> {
    return this.serial(async () => {
      const key = opts.idempotency;
      if (key) {
        const prior = await priorRequest(this.engine, key.stream, key.key, key.bodySha256);
        if (prior !== null) return this.latestOf(inputs.map((a, i) => a.id ?? derivedId(key.key, i)));
      }
      // Without an id, a keyed request names its annotations after the key, so a retry after a
      // crash (before the key was recorded) writes the same ids, deduplicated by the insert token.
      const ids = inputs.map((a, i) => a.id ?? (key ? derivedId(key.key, i) : randomUUID()));
      const versions = await this.latestVersions(ids);
      const written = inputs.map((a, i): Annotation => ({
        ...a,
        id: ids[i] as string,
        version: (versions.get(ids[i] as string) ?? 0) + 1,
        origin
      }));
      await this.insert(
        written.map((a) => ({ a, deleted: false })),
        key ? createHash('sha256').update(`${key.stream}\n${key.key}`).digest('hex') : undefined
      );
      if (key) await recordRequest(this.engine, key.stream, key.key, key.bodySha256, written.length);
      this.onChange({ upserts: written, removed: [] });
      return written;
    });
  }

  /**
   * Writes each annotation whose content differs from its latest version (or that is new or
   * deleted): how the curated file is loaded on every start without a new version each time.
   */
  sync(inputs: (AnnotationInput & { id: string })[], origin: AnnotationOrigin): Promise<number> {
    return this.serial(async () => {
      const current = new Map((await this.latestOfAll(inputs.map((a) => a.id))).map((r) => [r.id, r]));
      const written: Annotation[] = [];
      for (const a of inputs) {
        const cur = current.get(a.id);
        const next: Annotation = { ...a, version: (cur?.version ?? 0) + 1, origin };
        if (cur && !cur.deleted && contentOf(cur) === contentOf(next)) continue;
        written.push(next);
      }
      if (written.length === 0) return 0;
      await this.insert(written.map((a) => ({ a, deleted: false })));
      this.onChange({ upserts: written, removed: [] });
      return written.length;
    });
  }

  /** A new version of `id`: the latest with `patch` applied and checked by `check`. */
  update(id: string, patch: (latest: Annotation) => AnnotationInput): Promise<Annotation> {
    return this.serial(async () => {
      const latest = await this.current(id);
      const next: Annotation = { ...patch(latest), id, version: latest.version + 1, origin: latest.origin };
      await this.insert([{ a: next, deleted: false }]);
      this.onChange({ upserts: [next], removed: [] });
      return next;
    });
  }

  /** A tombstone for `id`: gone from lists, kept in its history. */
  remove(id: string): Promise<Annotation> {
    return this.serial(async () => {
      const latest = await this.current(id);
      const tomb: Annotation = { ...latest, version: latest.version + 1 };
      await this.insert([{ a: tomb, deleted: true }]);
      this.onChange({ upserts: [], removed: [id] });
      return tomb;
    });
  }

  /** The latest live version of `id`, or AnnotationNotFound. */
  async current(id: string): Promise<Annotation> {
    const [latest] = await this.latestOfAll([id]);
    if (!latest || latest.deleted) throw new AnnotationNotFound(`no annotation ${JSON.stringify(id)}`);
    return latest;
  }

  /**
   * What the store holds now for `ids`: the live ones at their latest version, and the ids whose
   * latest version is a tombstone (or that were never written), for a server told by a peer
   * that they changed.
   */
  async state(ids: string[]): Promise<AnnotationChange> {
    const latest = await this.latestOfAll(ids);
    const live = latest.filter((a) => !a.deleted).map(({ deleted: _deleted, ...a }) => a);
    const alive = new Set(live.map((a) => a.id));
    return { upserts: live, removed: ids.filter((id) => !alive.has(id)) };
  }

  private async latestOf(ids: string[]): Promise<Annotation[]> {
    return (await this.latestOfAll(ids)).filter((a) => !a.deleted);
  }

  private async latestOfAll(ids: string[]): Promise<(Annotation & { deleted: boolean })[]> {
    const rows = await this.engine.rows<DbRow>(
      `SELECT ${SELECT} FROM annotations WHERE id IN {ids:Array(String)} ORDER BY id, version DESC LIMIT 1 BY id`,
      { tag: 'annotations.latest', params: { ids } }
    );
    return rows.map((r) => ({ ...toAnnotation(r), deleted: r.deleted === 1 }));
  }

  private async latestVersions(ids: string[]): Promise<Map<string, number>> {
    const rows = await this.engine.rows<{ id: string; v: number }>(
      'SELECT id, max(version) AS v FROM annotations WHERE id IN {ids:Array(String)} GROUP BY id',
      { tag: 'annotations.versions', params: { ids } }
    );
    return new Map(rows.map((r) => [r.id, Number(r.v)]));
  }

  private async insert(rows: { a: Annotation; deleted: boolean }[], dedupToken?: string): Promise<void> {
    const at = this.now();
    const body = rows.map(({ a, deleted }) => JSON.stringify(dbRow(a, deleted, at))).join('\n') + '\n';
    await this.engine.insertJsonEachRow('annotations', COLUMNS, Buffer.from(body), {
      tag: 'annotations.write',
      ...(dedupToken ? { dedupToken } : {})
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The id of the i-th annotation of a keyed request that named none. */
function derivedId(key: string, i: number): string {
  return `a-${createHash('sha256').update(`${key}\n${i}`).digest('hex').slice(0, 24)}`;
}
