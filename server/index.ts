import { createServer } from 'node:http';
import { basename, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { DataDirError } from './engine/data-dir';
import { EngineError } from './engine/errors';
import { createLogger } from './log';
import { loadPages } from './pages';
import { projectRoot } from './paths';
import { markInUse, releaseDirOf } from './release';
import { traceTo } from './lib/trace';

/**
 * The server, loaded by the production entry (boot.ts, which sizes libuv's thread pool first):
 * configuration, then the release's pages, then the app (engine, migrations,
 * hub), then one HTTP server for pages, API and socket.io, then the simulator. SIGTERM and SIGINT
 * stop taking requests, finish in-flight inserts and close the engine before exiting.
 *
 * It runs from the release it was started in (build/releases/<id>, reached through the
 * build/current link; Node resolves the link once, at start) and marks that release in use so
 * later builds keep it.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  if (config.traceFile) traceTo(config.traceFile);
  const root = projectRoot();
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const release = releaseDirOf(import.meta.url);
  const unmark = markInUse(release);
  process.once('exit', unmark);
  let pages;
  try {
    pages = await loadPages(release, log);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }

  const t0 = performance.now();
  let app;
  try {
    app = await createApp(config, { log, version, socketLimits: { maxConnectionsPerAddress: config.socketsPerAddress } });
  } catch (e) {
    // A known reason to stop is a sentence for the operator, not a stack trace.
    if (e instanceof DataDirError || e instanceof EngineError) {
      process.stderr.write(`cannot start: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  app.guard.install(process);
  // Requests under way when a stop signal comes are finished before the engine closes; new
  // ones on kept-alive connections are turned away so a load balancer retries elsewhere.
  let inFlight = 0;
  let stopping = false;
  let idle: (() => void) | null = null;
  const http = createServer((req, res) => {
    if (stopping) {
      res.writeHead(503, { 'content-type': 'application/json', connection: 'close', 'retry-after': '5' });
      res.end(JSON.stringify({ error: 'the server is shutting down; retry shortly' }));
      return;
    }
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    app
      .handle(req, res)
      .then((handled) => {
        if (!handled) pages.handle(req, res);
      })
      .catch((e: unknown) => {
        log.error('unhandled request error', { error: (e as Error).message });
        if (!res.headersSent) res.end();
      });
  });
  app.attach(http);
  // A port already taken (or not ours to bind) ends the start: the process guard is installed
  // by now and would otherwise keep a server running that listens nowhere.
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  log.info('listening', {
    url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
    engine: app.engine.kind,
    release: basename(release),
    server_modules_loaded: pages.modules,
    route_modules_loaded: pages.routeModules,
    // Sized by the entry, observatory/index.js (server/boot.ts); 4 is Node's own default.
    libuv_threads: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
    ready_ms: Math.round(performance.now() - t0)
  });
  if (pages.routeModules === 0) log.warn('no SvelteKit route modules found to load at start; pages load them on first request');
  if (!config.ingestToken) log.warn('INGEST_TOKEN is not set: ingest is open to loopback clients only');
  if (!config.readToken) log.info('READ_TOKEN is not set: dashboards and read APIs are open');
  // Which peers may name the client: an operator checking a proxy set-up reads it here.
  if (config.trustProxy.length > 0) log.info('X-Forwarded-For is read from trusted proxies only', { trust_proxy: config.trustProxy });

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal, requests_in_flight: inFlight });
    http.close();
    http.closeIdleConnections();
    const drained = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
    drained
      .then(() => app.close())
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        log.error('shutdown failed', { error: (e as Error).message });
        process.exit(1);
      });
    // A stuck client or a long query (the simulator's history) must not hold the process
    // forever. Not process.exit: with a query still running inside the embedded engine, its
    // exit handlers wait on that query's lock and the process hangs at exit for good (seen
    // with a SIGTERM during the history backfill). Acknowledged writes are on disk already.
    setTimeout(() => {
      log.error(`shutdown took over ${config.shutdownGraceSeconds} s; ending the process without waiting for the engine`);
      unmark();
      process.kill(process.pid, 'SIGKILL');
    }, config.shutdownGraceSeconds * 1000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  // Published series first: a few seconds alone, and the first thing a new screen can show.
  void app
    .loadPublished()
    // A stop during the first start ends the load on purpose: not an error worth an alert.
    .catch((e: unknown) => (stopping ? undefined : log.error('loading the published series failed', { error: (e as Error).message })))
    .then(() => app.startSimulation())
    .catch((e: unknown) => log.error('simulator failed', { error: (e as Error).message }));
}

main().catch((e: unknown) => {
  // A start that fails (engine, migrations, port in use) exits: a supervisor restarts it or an
  // operator reads why. Errors after this point are the process guard's.
  process.stderr.write(`start failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
