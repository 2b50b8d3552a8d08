/**
 * What JSON.parse hides and ClickHouse does not: the same key twice in one object (JSON.parse
 * keeps the last, ClickHouse refuses the row) and strings that are not valid Unicode (a lone
 * `\ud800` escape, which ClickHouse refuses). Checked on every line before it is written, so a
 * body means one thing whether it goes to ClickHouse as sent or rewritten.
 */

/**
 * Object members written in a line of valid JSON: every string followed by a colon is a key.
 * Outside strings JSON has no quotes, so after one string ends the next quote opens the next
 * string; only the closing quote needs care (an escaped quote does not close). The scan is
 * indexOf-driven because it runs on every line of every body.
 */
export function membersWritten(line: string): number {
  let members = 0;
  let open = line.indexOf('"');
  while (open !== -1) {
    let close = line.indexOf('"', open + 1);
    for (;;) {
      if (close === -1) return members;
      let slashes = 0;
      while (line.charCodeAt(close - 1 - slashes) === 92) slashes++;
      if ((slashes & 1) === 0) break;
      close = line.indexOf('"', close + 1);
    }
    let i = close + 1;
    let c = line.charCodeAt(i);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = line.charCodeAt(++i);
    if (c === 58) members++;
    open = line.indexOf('"', i);
  }
  return members;
}

/**
 * Keys of every object in a parsed value, nested ones included. Walked with a stack of its own,
 * not by recursion: a line may nest as deep as JSON.parse allows (hundreds of thousands of levels),
 * far beyond the call stack.
 */
export function membersParsed(v: unknown): number {
  let n = 0;
  const stack: unknown[] = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== 'object' || x === null) continue;
    if (Array.isArray(x)) {
      for (const y of x) if (typeof y === 'object' && y !== null) stack.push(y);
      continue;
    }
    for (const k in x) {
      n++;
      const y = (x as Record<string, unknown>)[k];
      if (typeof y === 'object' && y !== null) stack.push(y);
    }
  }
  return n;
}

/**
 * The first key written twice in one object of `line`, as JSON.parse decodes it (so `"ts"` and
 * `"t\u0073"` are the same key), at any depth. Only called once the counts say there is one.
 */
export function duplicateKey(line: string): string | null {
  const seen: Set<string>[] = [];
  let depth = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 123) seen[++depth] = new Set();
    else if (c === 91) seen[++depth] = new Set();
    else if (c === 125 || c === 93) depth--;
    else if (c === 34) {
      let j = i + 1;
      while (j < line.length && line.charCodeAt(j) !== 34) j += line.charCodeAt(j) === 92 ? 2 : 1;
      const raw = line.slice(i, j + 1);
      let k = j + 1;
      while (line.charCodeAt(k) === 32 || line.charCodeAt(k) === 9 || line.charCodeAt(k) === 10 || line.charCodeAt(k) === 13) k++;
      if (line.charCodeAt(k) === 58) {
        const key = JSON.parse(raw) as string;
        const keys = seen[depth];
        if (keys?.has(key)) return key;
        keys?.add(key);
      }
      i = j;
    }
  }
  return null;
}

// With the u flag a surrogate class matches only surrogates that are not half of a pair.
const LONE_SURROGATE = /\p{Cs}/u;

/** A value met on the walk, with the way back to the root (the path is built only when needed). */
interface Visit {
  value: unknown;
  key: string;
  parent: Visit | null;
}

/**
 * The first key or string value (by path, depth first in key order) that is not valid Unicode, or
 * null. Iterative like membersParsed, and the path is assembled only for the value it names.
 */
export function invalidUnicode(v: unknown): string | null {
  const pathOf = (at: Visit): string => {
    const keys: string[] = [];
    for (let p: Visit | null = at; p !== null && p.parent !== null; p = p.parent) keys.push(p.key);
    return keys.reverse().join('.');
  };
  const stack: Visit[] = [{ value: v, key: '', parent: null }];
  while (stack.length > 0) {
    const at = stack.pop() as Visit;
    const x = at.value;
    if (typeof x === 'string') {
      if (LONE_SURROGATE.test(x)) return pathOf(at);
      continue;
    }
    if (typeof x !== 'object' || x === null) continue;
    const entries = Object.entries(x);
    for (const [k] of entries) if (LONE_SURROGATE.test(k)) return pathOf({ value: null, key: k, parent: at });
    // Pushed last first, so the first entry is visited first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, y] = entries[i] as [string, unknown];
      if (typeof y === 'string' || (typeof y === 'object' && y !== null)) stack.push({ value: y, key: k, parent: at });
    }
  }
  return null;
}
