// Lint rule `folder-cycles`: no folder imports a sibling that imports it back. ESLint's and
// import plugins' cycle rules work file by file; a boundary is a folder (server/panels,
// src/lib/charts), so this groups the import graph by folder: at every level, the children of a
// folder (sub-folders and files) are the nodes, and any strongly connected group of two or more
// is reported with the imports that close it. Imports are read with TypeScript's own
// pre-processor, from .svelte files' <script> blocks too.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import ts from 'typescript';

export type Edge = readonly [from: string, to: string];

const SOURCE = /\.(ts|mts|js|mjs|svelte)$/;
const CANDIDATES = ['', '.ts', '.js', '.mjs', '.svelte', '/index.ts', '/index.js'];

/** Import specifiers of one file; for Svelte components, of their script blocks. */
export function specifiers(path: string, text: string): string[] {
  const code = path.endsWith('.svelte') ? [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n') : text;
  return ts.preProcessFile(code, true, true).importedFiles.map((f) => f.fileName);
}

/** A relative or $lib specifier resolved to a repository path; packages give undefined. */
export function resolveSpecifier(from: string, spec: string, exists: (p: string) => boolean): string | undefined {
  let base: string;
  if (spec.startsWith('$lib/')) base = join('src/lib', spec.slice(5));
  else if (spec.startsWith('./') || spec.startsWith('../')) base = normalize(join(dirname(from), spec));
  else return undefined;
  for (const c of CANDIDATES) if (exists(base + c) && SOURCE.test(base + c)) return base + c;
  // TypeScript reads `./x.js` as ./x.ts (and .mjs as .mts) when no such JavaScript file exists.
  const ts = base.replace(/\.(m?)js$/, '.$1ts');
  if (ts !== base && exists(ts)) return ts;
  return undefined;
}

/** Cycles between the children of each folder, as groups of child paths with the file imports that join them. */
export function folderCycles(edges: readonly Edge[]): { members: string[]; imports: Edge[] }[] {
  // For each file import a→b, the level at which they part: the deepest common folder, and the
  // child of it each lies in.
  const byParent = new Map<string, Map<string, Map<string, Edge[]>>>();
  for (const [a, b] of edges) {
    const pa = a.split('/');
    const pb = b.split('/');
    let i = 0;
    while (i < pa.length - 1 && i < pb.length - 1 && pa[i] === pb[i]) i++;
    const parent = pa.slice(0, i).join('/');
    const ca = pa.slice(0, i + 1).join('/');
    const cb = pb.slice(0, i + 1).join('/');
    if (ca === cb) continue;
    const g = byParent.get(parent) ?? new Map<string, Map<string, Edge[]>>();
    byParent.set(parent, g);
    const out = g.get(ca) ?? new Map<string, Edge[]>();
    g.set(ca, out);
    out.set(cb, [...(out.get(cb) ?? []), [a, b]]);
  }
  const found: { members: string[]; imports: Edge[] }[] = [];
  for (const g of byParent.values()) {
    for (const members of stronglyConnected(g)) {
      if (members.length < 2) continue;
      const inside = new Set(members);
      const imports = members.flatMap((m) => [...(g.get(m) ?? [])].filter(([to]) => inside.has(to)).flatMap(([, e]) => e));
      found.push({ members: members.sort(), imports: imports.sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1])) });
    }
  }
  return found;
}

/** Tarjan's strongly connected components over a child → (child → edges) map. */
function stronglyConnected(g: Map<string, Map<string, unknown>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      out.push(c);
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}

function main(): void {
  const root = process.cwd();
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => SOURCE.test(f) && existsSync(join(root, f)));
  const known = new Set(files);
  const exists = (p: string) => known.has(p);
  const edges: Edge[] = [];
  for (const f of files) {
    for (const s of specifiers(f, readFileSync(join(root, f), 'utf8'))) {
      const to = resolveSpecifier(f, s, exists);
      if (to) edges.push([f, to]);
    }
  }
  const cycles = folderCycles(edges);
  for (const c of cycles) {
    console.error(`\n${c.members.join(' ⇄ ')}\n  error  these import each other  folder-cycles`);
    for (const [a, b] of c.imports) console.error(`    ${a} → ${relative(dirname(a), b)}`);
  }
  if (cycles.length > 0) {
    console.error(`\n✖ ${cycles.length} folder cycle(s): move what both sides need into one of them or a third folder.`);
    process.exit(1);
  }
}

if (process.argv[1] && normalize(process.argv[1]).endsWith(join('scripts', 'folder-cycles.ts'))) main();
