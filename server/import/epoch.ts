// Epoch AI's "All ML Systems" table, as researchers download it, turned into training rows.
//
// The table's `Training dataset size (datapoints)` counts what the model was trained on in the
// unit of its domain. For language models that is mostly WORDS: Epoch converts published token
// counts at 1 token = 0.75 words and says so in `Dataset size notes`. Not always: some rows keep
// the token count (Llama 3-70B stands at 15e12, its 15T tokens). The unit of each row is decided
// from what its notes say, in this order:
//
//   1. `Dataset size notes`, then `Training dataset notes`, the first that states a unit:
//      - mentions "words" (plural: "374B words", "1 token ~ 0.75 words")  -> words. Checked first
//        because Epoch's conversions name both ("2T tokens ~= 1.5T words") and keep the words;
//      - else mentions "token(s)" ("15.6T tokens", "over 15T tokens")      -> tokens;
//   2. no unit stated, but the notes (the size notes, or the dataset notes when those are empty)
//      count something that is not running text (image-text pairs, sentence pairs, examples,
//      prompts, documents...)                                              -> skipped, not text;
//   3. no notes at all: a row with the same `Training dataset` name and the same size whose unit
//      is known lends it (Llama 3-8B has no notes; Llama 3-70B, same dataset and size, says tokens);
//   4. otherwise words, Epoch's convention for language models.
//
// Words become tokens at 1 token = 0.75 words (tokens = words / 0.75), the ratio Epoch's notes use.
// The rule is a heuristic over free text: the import reports how many rows each branch decided,
// and the `source` of every row names the table so a reader can check any of them.

/** Columns of Epoch's table the import reads. */
export const EPOCH_COLUMNS = [
  'System',
  'Domain',
  'Publication date',
  'Organization',
  'Parameters',
  'Training compute (FLOP)',
  'Training dataset',
  'Training dataset notes',
  'Training dataset size (datapoints)',
  'Dataset size notes'
] as const;
export type EpochColumn = (typeof EPOCH_COLUMNS)[number];
export type EpochRecord = Partial<Record<EpochColumn, string | null>>;

/** Epoch's notes: "1 token ~ 0.75 words". */
const WORDS_PER_TOKEN = 0.75;

/** The contract refuses dates before 1990 (server/ingest/rows/fields.ts); older systems are skipped. */
const MIN_DATE = '1990-01-01';
const MAX_TEXT = 300;

export type SkipReason = 'no_model' | 'not_language' | 'no_size' | 'no_date' | 'before_1990' | 'size_not_text';
export type UnitDecision = 'words_stated' | 'tokens_stated' | 'words_inherited' | 'tokens_inherited' | 'words_assumed';

export interface TrainingRow {
  model: string;
  organization?: string;
  published: string;
  training_tokens: number;
  parameters?: number;
  compute_flop?: number;
  source: string;
}

export interface EpochConversion {
  /** In file order, one per usable record, with the record's 0-based index. */
  rows: { index: number; row: TrainingRow; unit: UnitDecision }[];
  skipped: Partial<Record<SkipReason, number>>;
  units: Partial<Record<UnitDecision, number>>;
}

const WORDS = /\bwords\b/i;
const TOKENS = /\btokens?\b/i;
const NOT_TEXT =
  /\b(pairs?|images?|examples?|samples?|sentences?|instructions?|prompts?|documents?|reviews?|tweets?|sequences?|phrases?|entities|triplets?|data ?points?|questions?|dialogues?|conversations?|utterances?|videos?|hours?)\b/i;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

type Stated = 'words' | 'tokens' | 'not_text' | 'none' | 'silent';

/** What a row's notes say about the unit of its dataset size (steps 1 and 2 above). */
export function statedUnit(sizeNotes: string, datasetNotes: string): Stated {
  for (const notes of [sizeNotes, datasetNotes]) {
    if (WORDS.test(notes)) return 'words';
    if (TOKENS.test(notes)) return 'tokens';
  }
  // The size notes describe the count; the dataset notes describe the data in general, so they
  // only speak when the size notes are empty.
  if (NOT_TEXT.test(sizeNotes.trim() !== '' ? sizeNotes : datasetNotes)) return 'not_text';
  return sizeNotes.trim() === '' && datasetNotes.trim() === '' ? 'silent' : 'none';
}

/** The training rows of an Epoch table, with every unusable record counted by reason. */
export function convertEpoch(records: readonly EpochRecord[], source: string): EpochConversion {
  const skipped: Partial<Record<SkipReason, number>> = {};
  const units: Partial<Record<UnitDecision, number>> = {};
  const skip = (r: SkipReason) => (skipped[r] = (skipped[r] ?? 0) + 1);

  interface Candidate {
    index: number;
    record: EpochRecord;
    size: number;
    date: string;
    stated: Stated;
  }
  const candidates: Candidate[] = [];
  records.forEach((record, index) => {
    const model = text(record.System);
    if (!model) return skip('no_model');
    const domains = text(record.Domain)
      .split(',')
      .map((d) => d.trim());
    if (!domains.includes('Language')) return skip('not_language');
    const size = number(record['Training dataset size (datapoints)']);
    if (size === undefined) return skip('no_size');
    const date = text(record['Publication date']);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return skip('no_date');
    if (date < MIN_DATE) return skip('before_1990');
    const stated = statedUnit(text(record['Dataset size notes']), text(record['Training dataset notes']));
    if (stated === 'not_text') return skip('size_not_text');
    candidates.push({ index, record, size, date, stated });
  });

  // Step 3: rows that say nothing borrow the unit of a row with the same dataset and size.
  const lender = new Map<string, 'words' | 'tokens'>();
  for (const c of candidates) {
    const name = text(c.record['Training dataset']);
    if (name && (c.stated === 'words' || c.stated === 'tokens')) lender.set(`${name}\u0000${c.size}`, c.stated);
  }

  const rows = candidates.map((c) => {
    let unit: UnitDecision;
    if (c.stated === 'words') unit = 'words_stated';
    else if (c.stated === 'tokens') unit = 'tokens_stated';
    else {
      const name = text(c.record['Training dataset']);
      const borrowed = c.stated === 'silent' && name ? lender.get(`${name}\u0000${c.size}`) : undefined;
      unit = borrowed === 'tokens' ? 'tokens_inherited' : borrowed === 'words' ? 'words_inherited' : 'words_assumed';
    }
    units[unit] = (units[unit] ?? 0) + 1;
    const tokens = unit === 'tokens_stated' || unit === 'tokens_inherited' ? c.size : c.size / WORDS_PER_TOKEN;
    const row: TrainingRow = {
      model: clip(text(c.record.System)),
      published: c.date,
      training_tokens: tokens,
      source
    };
    const organization = clip(text(c.record.Organization));
    if (organization) row.organization = organization;
    const parameters = number(c.record.Parameters);
    if (parameters !== undefined) row.parameters = parameters;
    const compute = number(c.record['Training compute (FLOP)']);
    if (compute !== undefined) row.compute_flop = compute;
    return { index: c.index, row, unit };
  });
  return { rows, skipped, units };
}

/** The `source` of the rows: the table and its month, from the file name when it carries one. */
export function epochSource(fileName: string): string {
  const month = /(\d{4}-\d{2})/.exec(fileName)?.[1];
  return `Epoch AI All ML Systems${month ? ` ${month}` : ''} (CC BY 4.0)`;
}

function text(v: string | null | undefined): string {
  return (v ?? '').trim();
}

function number(v: string | null | undefined): number | undefined {
  const s = text(v);
  if (!DECIMAL.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The contract takes at most 300 characters; a long list of organizations is cut at a comma. */
function clip(s: string): string {
  if (s.length <= MAX_TEXT) return s;
  const cut = s.slice(0, MAX_TEXT - 2);
  const comma = cut.lastIndexOf(',');
  return `${comma > 0 ? cut.slice(0, comma) : cut},…`;
}
