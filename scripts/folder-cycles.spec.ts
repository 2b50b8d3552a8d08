import { describe, expect, it } from 'vitest';
import { folderCycles, resolveSpecifier, specifiers, type Edge } from './folder-cycles';

describe('folderCycles', () => {
  it('reports two sibling folders that import each other, with the imports that close the loop', () => {
    const edges: Edge[] = [
      ['server/diversity/query.ts', 'server/panels/where.ts'],
      ['server/panels/domains/diversity.ts', 'server/diversity/metrics.ts'],
      ['server/panels/run.ts', 'server/engine/engine.ts']
    ];
    expect(folderCycles(edges)).toEqual([
      {
        members: ['server/diversity', 'server/panels'],
        imports: [
          ['server/diversity/query.ts', 'server/panels/where.ts'],
          ['server/panels/domains/diversity.ts', 'server/diversity/metrics.ts']
        ]
      }
    ]);
  });

  it('finds a loop through three folders', () => {
    const edges: Edge[] = [
      ['src/lib/a/x.ts', 'src/lib/b/y.ts'],
      ['src/lib/b/y.ts', 'src/lib/c/z.ts'],
      ['src/lib/c/z.ts', 'src/lib/a/w.ts']
    ];
    expect(folderCycles(edges).map((c) => c.members)).toEqual([['src/lib/a', 'src/lib/b', 'src/lib/c']]);
  });

  it('allows one-way imports, imports inside a folder, and a parent file used by its sub-folder', () => {
    const edges: Edge[] = [
      ['server/http/api.ts', 'server/http/routes/panels.ts'],
      ['server/http/routes/panels.ts', 'server/http/router.ts'],
      ['server/app.ts', 'server/engine/engine.ts'],
      ['server/engine/engine.ts', 'server/config.ts'],
      ['server/panels/run.ts', 'server/panels/view.ts']
    ];
    expect(folderCycles(edges)).toEqual([]);
  });

  it('catches a sub-folder and a file beside it importing each other', () => {
    const edges: Edge[] = [
      ['server/http/router.ts', 'server/http/routes/panels.ts'],
      ['server/http/routes/panels.ts', 'server/http/router.ts']
    ];
    expect(folderCycles(edges).map((c) => c.members)).toEqual([['server/http/router.ts', 'server/http/routes']]);
  });
});

describe('imports of a file', () => {
  const files = new Set([
    'src/lib/shared/format.ts',
    'src/lib/charts/Chart.svelte',
    'src/lib/shared/options/index.ts',
    'src/lib/api/catalogue.svelte.ts'
  ]);
  const exists = (p: string) => files.has(p);

  it('resolves relative and $lib specifiers to files, and leaves packages out', () => {
    expect(resolveSpecifier('src/lib/panels/P.svelte', '../shared/format', exists)).toBe('src/lib/shared/format.ts');
    expect(resolveSpecifier('src/routes/+page.svelte', '$lib/charts/Chart.svelte', exists)).toBe('src/lib/charts/Chart.svelte');
    expect(resolveSpecifier('src/lib/panels/P.svelte', '../shared/options', exists)).toBe('src/lib/shared/options/index.ts');
    expect(resolveSpecifier('src/lib/panels/P.svelte', '../api/catalogue.svelte', exists)).toBe('src/lib/api/catalogue.svelte.ts');
    expect(resolveSpecifier('src/lib/panels/P.svelte', 'echarts/core', exists)).toBeUndefined();
  });

  it('resolves a .js specifier to the .ts file TypeScript reads for it, so a cycle written that way is found', () => {
    expect(resolveSpecifier('src/lib/panels/P.ts', '../shared/format.js', exists)).toBe('src/lib/shared/format.ts');
    const has = (p: string) => p === 'server/a/x.ts' || p === 'server/b/y.ts';
    const edges: Edge[] = [
      ['server/a/x.ts', resolveSpecifier('server/a/x.ts', '../b/y.js', has)!],
      ['server/b/y.ts', resolveSpecifier('server/b/y.ts', '../a/x.js', has)!]
    ];
    expect(folderCycles(edges).map((c) => c.members)).toEqual([['server/a', 'server/b']]);
  });

  it('reads static, type-only, re-export and dynamic imports, and the script blocks of a component', () => {
    const ts = `import a from './a';\nimport type { B } from '../b';\nexport { c } from './c';\nconst d = await import('./d');\n// import e from './e'`;
    expect(specifiers('x.ts', ts)).toEqual(['./a', '../b', './c', './d']);
    const svelte = `<script module>import x from './x';</script>\n<script lang="ts">\n  import Y from '../y.svelte';\n</script>\n<p>import z from './z'</p>`;
    expect(specifiers('X.svelte', svelte)).toEqual(['./x', '../y.svelte']);
  });
});
