// Fan-out: 1,000 socket clients (a separate process) on the overview panels of a production
// server streaming simulated data. Reports queries per tick against clients and distinct keys,
// delivery delay after each refresh, and the server's memory.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../server/paths';
import { isMain, round, sleep, startServerProcess } from './lib';

const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 1000);
const SECONDS = Number(process.env.BENCH_FANOUT_SECONDS ?? 30);

function metric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name) && !line.startsWith('#')) sum += Number(line.split(' ').pop());
  return sum;
}

export async function main() {
  const server = await startServerProcess({ SIMULATE: 'on' });
  try {
    // Wait for the simulated history, then take the overview's panels from the catalogue.
    for (let i = 0; i < 600; i++) {
      const s = (await (await fetch(`${server.url}/api/streams`)).json()) as { crawl: { rows: number } };
      if (s.crawl.rows > 0) break;
      await sleep(100);
    }
    const { panels } = (await (await fetch(`${server.url}/api/panels`)).json()) as { panels: { id: string }[] };
    const ids = panels.map((p) => p.id);
    const root = projectRoot();
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/fanout-clients.ts')], {
      cwd: root,
      env: {
        ...process.env,
        FANOUT_URL: server.url,
        FANOUT_CLIENTS: String(CLIENTS),
        FANOUT_SECONDS: String(SECONDS),
        FANOUT_PANELS: ids.join(',')
      },
      stdio: ['ignore', 'pipe', 'inherit']
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    // Sample the server's metrics around the measured window (the client waits ~3 s after connecting).
    let before = '';
    let rssMax = 0;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, server.rssMiB())), 1000);
    const startWindow = setTimeout(async () => (before = await (await fetch(`${server.url}/metrics`)).text()), 1000);
    await new Promise((r) => child.once('exit', r));
    clearInterval(sampler);
    clearTimeout(startWindow);
    const after = await (await fetch(`${server.url}/metrics`)).text();
    const clients = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>;
    const ticks = metric(after, 'pdo_queries_per_tick_count') - metric(before, 'pdo_queries_per_tick_count');
    const queries = metric(after, 'pdo_queries_per_tick_sum') - metric(before, 'pdo_queries_per_tick_sum');
    return {
      bench: 'fanout',
      ...clients,
      distinct_keys: ids.length,
      ticks_with_queries: ticks,
      queries_per_tick: ticks > 0 ? round(queries / ticks, 2) : 0,
      server_rss_max_mib: rssMax
    };
  } finally {
    await server.stop();
  }
}

if (isMain(import.meta.url)) {
  main().then((r) => console.log(JSON.stringify(r)));
}
