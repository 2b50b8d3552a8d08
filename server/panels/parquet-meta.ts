// Adds key-value metadata to a Parquet file ClickHouse wrote. ClickHouse's Parquet writer has no
// setting for file-level metadata, and rewriting the data through a second writer would change
// its column types, so only the footer is rewritten: the Thrift compact-protocol FileMetaData
// (parquet-format's parquet.thrift) is walked field by field, field 5 (key_value_metadata) is put
// in (merged with any pairs already there), and every other field is copied byte for byte.
// Tested by reading the file back with an independent reader (hyparquet) and with ClickHouse.

const MAGIC = 'PAR1';
const T_STOP = 0;
const T_TRUE = 1;
const T_FALSE = 2;
const T_BYTE = 3;
const T_I16 = 4;
const T_I32 = 5;
const T_I64 = 6;
const T_DOUBLE = 7;
const T_BINARY = 8;
const T_LIST = 9;
const T_SET = 10;
const T_MAP = 11;
const T_STRUCT = 12;
const KEY_VALUE_METADATA = 5;

class Reader {
  constructor(
    readonly b: Buffer,
    public at: number
  ) {}
  byte(): number {
    if (this.at >= this.b.length) throw new Error('Parquet footer ends early');
    return this.b[this.at++] as number;
  }
  varint(): number {
    let out = 0;
    let mul = 1;
    for (;;) {
      const x = this.byte();
      out += (x & 0x7f) * mul;
      if ((x & 0x80) === 0) return out;
      mul *= 128;
    }
  }
  skip(type: number): void {
    switch (type) {
      case T_TRUE:
      case T_FALSE:
        return;
      case T_BYTE:
        this.at += 1;
        return;
      case T_I16:
      case T_I32:
      case T_I64:
        this.varint();
        return;
      case T_DOUBLE:
        this.at += 8;
        return;
      case T_BINARY: {
        // Read the length first: `this.at += this.varint()` would add it to the position before the read.
        const n = this.varint();
        this.at += n;
        return;
      }
      case T_LIST:
      case T_SET: {
        const h = this.byte();
        const n = h >> 4 === 15 ? this.varint() : h >> 4;
        const elem = h & 0x0f;
        // Booleans in a collection take one byte each.
        for (let i = 0; i < n; i++) {
          if (elem === T_TRUE || elem === T_FALSE) this.at += 1;
          else this.skip(elem);
        }
        return;
      }
      case T_MAP: {
        const n = this.varint();
        if (n === 0) return;
        const kv = this.byte();
        for (let i = 0; i < n; i++) {
          this.skip(kv >> 4);
          this.skip(kv & 0x0f);
        }
        return;
      }
      case T_STRUCT:
        for (let f = this.field(0); f.type !== T_STOP; f = this.field(f.id)) this.skip(f.type);
        return;
      default:
        throw new Error(`Parquet footer has an unknown Thrift type ${type}`);
    }
  }
  field(lastId: number): { id: number; type: number } {
    const h = this.byte();
    const type = h & 0x0f;
    if (type === T_STOP) return { id: 0, type };
    const delta = h >> 4;
    if (delta !== 0) return { id: lastId + delta, type };
    const z = this.varint();
    return { id: (z >>> 1) ^ -(z & 1), type };
  }
  string(): string {
    const n = this.varint();
    const s = this.b.toString('utf8', this.at, this.at + n);
    this.at += n;
    return s;
  }
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function fieldHeader(id: number, lastId: number, type: number): number[] {
  const delta = id - lastId;
  return delta > 0 && delta <= 15 ? [(delta << 4) | type] : [type, ...varint(((id << 1) ^ (id >> 31)) >>> 0)];
}

function binary(s: string): number[] {
  const b = Buffer.from(s, 'utf8');
  return [...varint(b.length), ...b];
}

/** list<KeyValue>, each { 1: key, 2: value }. */
function encodeKeyValues(pairs: readonly [string, string][]): number[] {
  const n = pairs.length;
  const out = n < 15 ? [(n << 4) | T_STRUCT] : [0xf0 | T_STRUCT, ...varint(n)];
  for (const [k, v] of pairs) out.push((1 << 4) | T_BINARY, ...binary(k), (1 << 4) | T_BINARY, ...binary(v), T_STOP);
  return out;
}

function decodeKeyValues(r: Reader): [string, string][] {
  const h = r.byte();
  const n = h >> 4 === 15 ? r.varint() : h >> 4;
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    let key = '';
    let value = '';
    for (let f = r.field(0); f.type !== T_STOP; f = r.field(f.id)) {
      if (f.id === 1 && f.type === T_BINARY) key = r.string();
      else if (f.id === 2 && f.type === T_BINARY) value = r.string();
      else r.skip(f.type);
    }
    out.push([key, value]);
  }
  return out;
}

/**
 * The same Parquet file with `pairs` in its key-value metadata; a key already there takes the
 * new value. Throws on bytes that are not a Parquet file with a plain (unencrypted) footer.
 */
export function withKeyValueMetadata(file: Buffer, pairs: Record<string, string>): Buffer {
  if (file.length < 12 || file.toString('latin1', 0, 4) !== MAGIC || file.toString('latin1', file.length - 4) !== MAGIC) {
    throw new Error('not a Parquet file (no PAR1 at both ends)');
  }
  const len = file.readUInt32LE(file.length - 8);
  const start = file.length - 8 - len;
  if (start < 4) throw new Error('Parquet footer length runs past the start of the file');
  const r = new Reader(file.subarray(0, file.length - 8), start);
  const fields: { id: number; type: number; value: Buffer }[] = [];
  let existing: [string, string][] = [];
  for (let f = r.field(0); f.type !== T_STOP; f = r.field(f.id)) {
    const from = r.at;
    if (f.id === KEY_VALUE_METADATA && f.type === T_LIST) {
      existing = decodeKeyValues(r);
      continue;
    }
    r.skip(f.type);
    fields.push({ id: f.id, type: f.type, value: file.subarray(from, r.at) });
  }
  const merged = new Map(existing);
  for (const [k, v] of Object.entries(pairs)) merged.set(k, v);
  fields.push({ id: KEY_VALUE_METADATA, type: T_LIST, value: Buffer.from(encodeKeyValues([...merged])) });
  fields.sort((a, b) => a.id - b.id);
  const parts: Buffer[] = [];
  let last = 0;
  for (const f of fields) {
    parts.push(Buffer.from(fieldHeader(f.id, last, f.type)), f.value);
    last = f.id;
  }
  parts.push(Buffer.from([T_STOP]));
  const footer = Buffer.concat(parts);
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(footer.length, 0);
  tail.write(MAGIC, 4, 'latin1');
  return Buffer.concat([file.subarray(0, start), footer, tail]);
}
