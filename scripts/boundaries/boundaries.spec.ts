// The boundary rules (.dependency-cruiser.cjs, from folders.json) stop every way of writing a
// forbidden import. Each probe is a real file placed in the folder it speaks for, cruised with the
// project's own configuration through dependency-cruiser's command line, and removed afterwards.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Probe {
  form: string;
  /** Repository path of the probe (its folder decides the rules it meets). */
  file: string;
  code: string;
  /** The rule it must break; undefined for the allowed control. */
  rule: string | undefined;
}

const tag = `zz-boundary-probe-${process.pid}`;
const shared = (n: number, code: string) => ({ file: `src/lib/shared/${tag}-${n}.ts`, code });
const SHARED = 'may-import:src/lib/shared/';

const PROBES: Probe[] = [
  { form: 'a Node built-in without node:', ...shared(1, "import fs from 'fs';\nexport const x = fs;\n"), rule: 'boundary-node-builtins' },
  {
    form: 'a Node built-in with node:',
    ...shared(2, "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"),
    rule: 'boundary-node-builtins'
  },
  {
    form: "SvelteKit's private environment",
    ...shared(3, "import { env } from '$env/dynamic/private';\nexport const x = env;\n"),
    rule: 'boundary-both-sides'
  },
  {
    form: 'a SvelteKit app module',
    ...shared(4, "import { page } from '$app/state';\nexport const x = page;\n"),
    rule: 'boundary-both-sides'
  },
  { form: '@sveltejs/kit', ...shared(5, "import { error } from '@sveltejs/kit';\nexport const x = error;\n"), rule: 'boundary-both-sides' },
  { form: 'svelte', ...shared(6, "import { onMount } from 'svelte';\nexport const x = onMount;\n"), rule: 'boundary-both-sides' },
  {
    form: "a deep path into the socket client's build",
    ...shared(7, "import { io } from 'socket.io-client/build/esm/index.js';\nexport const x = io;\n"),
    rule: 'boundary-both-sides'
  },
  {
    form: 'a $lib detour into server/',
    ...shared(8, "import { loadConfig } from '$lib/../../server/config';\nexport const x = loadConfig;\n"),
    rule: SHARED
  },
  { form: 'a dynamic import()', ...shared(9, "export const load = () => import('../../../server/config');\n"), rule: SHARED },
  { form: 'a re-export', ...shared(10, "export { loadConfig } from '../../../server/config';\n"), rule: SHARED },
  {
    form: 'a type-only import',
    ...shared(11, "import type { Config } from '../../../server/config';\nexport type X = Config;\n"),
    rule: SHARED
  },
  {
    form: 'a .js specifier for a .ts file',
    ...shared(12, "import { loadConfig } from '../../../server/config.js';\nexport const x = loadConfig;\n"),
    rule: SHARED
  },
  { form: 'a browser-only folder of src/lib', ...shared(13, "export * from '$lib/live/view.svelte';\n"), rule: SHARED },
  {
    form: 'the <script> of a .svelte file',
    file: `src/lib/panels/${tag}-14.svelte`,
    code: '<script lang="ts">\n  import { loadConfig } from \'../../../server/config\';\n  loadConfig;\n</script>\n',
    rule: 'may-import:src/lib/panels/'
  },
  {
    form: 'server code climbing out of src/lib/shared into a browser folder',
    file: `server/lib/${tag}-15.ts`,
    code: "export * from '../../src/lib/shared/../panels/PanelState.svelte';\n",
    rule: 'may-import:server/lib/'
  },
  {
    form: 'server code importing a folder it does not list',
    file: `server/engine/${tag}-16.ts`,
    code: "export { IngestPipeline } from '../ingest/pipeline';\n",
    rule: 'may-import:server/engine/'
  },
  { form: 'an import that names no file', ...shared(17, "export * from './no-such-module';\n"), rule: 'boundary-unresolved' },
  {
    form: 'a file in a folder the table does not list',
    file: `server/${tag}-dir/x.ts`,
    code: "export * from '../paths';\n",
    rule: 'boundary-unlisted'
  },
  { form: 'an allowed import (shared → contract)', ...shared(19, "export * from '../contract/panels';\n"), rule: undefined }
];

interface Violation {
  from: string;
  rule: { name: string };
}

let violations: Violation[] = [];
const run = promisify(execFile);

beforeAll(async () => {
  mkdirSync(`server/${tag}-dir`, { recursive: true });
  for (const p of PROBES) writeFileSync(p.file, p.code);
  const out = await run(
    'npx',
    ['depcruise', '--config', '.dependency-cruiser.cjs', '--output-type', 'json', '--max-depth', '1', ...PROBES.map((p) => p.file)],
    { maxBuffer: 64 * 1024 * 1024 }
  ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  violations = (JSON.parse(out.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}, 120_000);

afterAll(() => {
  for (const p of PROBES) rmSync(p.file, { force: true });
  rmSync(`server/${tag}-dir`, { recursive: true, force: true });
});

describe('the boundary rules reject every form of a forbidden import', () => {
  for (const p of PROBES.filter((x) => x.rule)) {
    it(`rejects ${p.form} (${p.rule})`, () => {
      expect(violations.filter((v) => v.from === p.file).map((v) => v.rule.name)).toContain(p.rule);
    });
  }
  it('accepts an allowed import (shared → contract)', () => {
    const control = PROBES.find((x) => !x.rule)!;
    expect(violations.filter((v) => v.from === control.file)).toEqual([]);
  });
});
