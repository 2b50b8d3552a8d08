// Writes ARCHITECTURE.md's folder table from folders.json, the one source of where code runs and
// what it may import (.dependency-cruiser.cjs enforces the same file). `--check` (in `npm run
// lint`) fails when the table in the document differs from what the file says.
import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';

interface Folder {
  path: string;
  runs: string;
  holds: string;
  mayImport: string[];
}

const DOC = 'ARCHITECTURE.md';
const BEGIN = '<!-- folder table: generated from folders.json by `npx tsx scripts/boundaries/table.ts`; edit folders.json -->';
const END = '<!-- end of folder table -->';

export function table(folders: readonly Folder[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const may = (m: string[]) => (m.includes('*') ? 'anything' : m.length === 0 ? 'nothing' : m.map((p) => `\`${p}\``).join(', '));
  return [
    '| folder | runs in | holds | may import |',
    '| --- | --- | --- | --- |',
    ...folders.map((f) => `| \`${f.path}\` | ${cell(f.runs)} | ${cell(f.holds)} | ${may(f.mayImport)} |`)
  ].join('\n');
}

export async function render(doc: string, folders: readonly Folder[]): Promise<string> {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC}: the markers of the folder table are missing`);
  const out = `${doc.slice(0, start)}${BEGIN}\n\n${table(folders)}\n\n${doc.slice(end)}`;
  return format(out, { ...(await resolveConfig(DOC)), filepath: DOC });
}

async function main(): Promise<void> {
  const folders = (JSON.parse(readFileSync('folders.json', 'utf8')) as { folders: Folder[] }).folders;
  const doc = readFileSync(DOC, 'utf8');
  const next = await render(doc, folders);
  if (next === doc) return;
  if (process.argv.includes('--check')) {
    console.error(`${DOC}: the folder table differs from folders.json; run npx tsx scripts/boundaries/table.ts`);
    process.exit(1);
  }
  writeFileSync(DOC, next);
}

if (process.argv[1]?.endsWith('table.ts')) await main();
