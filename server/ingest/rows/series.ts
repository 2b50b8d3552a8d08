import { parseInstant } from '../../../src/lib/contract/instant';
import { fieldsOf, type RowContract } from './contract';
import * as f from './fields';
import type { RowSpec } from './spec';

const FIELDS: RowContract = {
  series: { kind: 'series-id', required: true },
  date: { kind: 'written-date', required: true },
  value: { kind: 'finite', required: true },
  source: { kind: 'text', max: 500, empty: 'refused', required: true },
  unit: { kind: 'text', max: 100, empty: 'not given', required: false, value: '' },
  labels: { kind: 'labels', max: 16, valueMax: 200, required: false, value: {} },
  licence: { kind: 'text', max: 200, empty: 'not given', required: false, value: '' },
  url: { kind: 'text', max: 2000, empty: 'not given', required: false, value: '' }
};
const KNOWN = fieldsOf(FIELDS);
/** Dotted lower-case ids: `cc.pages`, `indeed.postings`. */
const SERIES_ID = /^[a-z0-9][a-z0-9_.-]{0,127}$/;
const LABEL_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_LABELS = 16;
// Date32's range; published series go back before the 1990 floor of event times.
const MIN_DATE = '1900-01-01';
const MAX_DATE = '2299-12-31';

/**
 * A calendar date: 'YYYY-MM-DD' (of a date-time, the date as written) or epoch milliseconds
 * (the UTC date).
 */
function seriesDate(v: unknown): string {
  let day: string;
  if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 8.64e15) {
    // A fraction of a millisecond is refused as it is on every other time field.
    if (!Number.isInteger(v)) throw new f.RowError('date', `date must be whole epoch milliseconds, not ${v}`);
    day = new Date(v).toISOString().slice(0, 10);
  } else if (typeof v === 'string') {
    // The whole string is checked (hour 24, second 60, impossible offsets are refused), not
    // only its date; the date kept is the one written.
    const r = parseInstant(v);
    if (!r.ok) throw new f.RowError('date', `date ${r.why}: ${JSON.stringify(v)}`);
    day = v.slice(0, 10);
  } else {
    throw new f.RowError('date', 'date must be an ISO 8601 date (YYYY-MM-DD) or epoch milliseconds');
  }
  if (day < MIN_DATE || day > MAX_DATE) throw new f.RowError('date', `date must be between ${MIN_DATE} and ${MAX_DATE}`);
  return day;
}

/** Optional text where an empty string means "not given". */
function optional(field: string, v: unknown, max: number): string {
  if (v === undefined || v === null || v === '') return '';
  return f.text(field, v, max);
}

/** Labels as a plain object of string to string, and their canonical text (sorted key=value). */
function seriesLabels(v: unknown): { labels: Record<string, string>; key: string } {
  if (v === undefined || v === null) return { labels: {}, key: '' };
  if (typeof v !== 'object' || Array.isArray(v)) throw new f.RowError('labels', 'labels must be an object of label name to text');
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > MAX_LABELS) throw new f.RowError('labels', `labels takes at most ${MAX_LABELS} names`);
  const labels: Record<string, string> = {};
  for (const [k, val] of entries) {
    if (!LABEL_NAME.test(k))
      throw new f.RowError('labels', `label name ${JSON.stringify(k)} must be lower case [a-z0-9_], 1-64 characters`);
    labels[k] = f.text(`labels.${k}`, val, 200);
  }
  // Sorted so {a,b} and {b,a} are one observation; JSON so no value can fake a separator.
  const key = JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]])
  );
  return { labels, key: entries.length === 0 ? '' : key };
}

/**
 * Always rewritten, like training runs: the labels' canonical key and imported_at (the
 * ReplacingMergeTree version, so a re-sent observation replaces the old one) are added here.
 */
export const series: RowSpec = {
  fields: FIELDS,
  columns: ['series', 'labels_key', 'date', 'value', 'unit', 'labels', 'source', 'licence', 'url', 'imported_at'],
  check(r) {
    f.onlyKnown(r, KNOWN);
    if (typeof r.series !== 'string' || !SERIES_ID.test(r.series)) {
      throw new f.RowError('series', 'series must be an id of lower-case [a-z0-9_.-], 1-128 characters, such as indeed.postings');
    }
    const date = seriesDate(r.date);
    if (typeof r.value !== 'number' || !Number.isFinite(r.value)) throw new f.RowError('value', 'value must be a finite number');
    const { labels, key } = seriesLabels(r.labels);
    return {
      time: Date.parse(`${date}T00:00:00Z`),
      rewrite: {
        series: r.series,
        labels_key: key,
        date,
        value: r.value,
        unit: optional('unit', r.unit, 100),
        labels,
        source: f.text('source', r.source, 500),
        licence: optional('licence', r.licence, 200),
        url: optional('url', r.url, 2000),
        imported_at: Date.now()
      }
    };
  }
};
