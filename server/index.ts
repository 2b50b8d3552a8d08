import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { projectRoot } from './paths';

type NodeHandler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void;

/**
 * Production entry: configuration, then the app (engine, migrations, hub), then one HTTP server
 * for pages, API and socket.io, then the simulator. SIGTERM and SIGINT stop taking requests,
 * finish in-flight inserts and close the engine before exiting.
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
  const root = projectRoot();
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const handlerPath = join(root, 'build', 'handler.js');
  if (!existsSync(handlerPath)) {
    process.stderr.write('build/handler.js is missing: run `npm run build` first (npm start does it for you)\n');
    process.exit(2);
  }
  const { handler: pages } = (await import(pathToFileURL(handlerPath).href)) as { handler: NodeHandler };

  const t0 = performance.now();
  const app = await createApp(config, { log, version });
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
        if (!handled) pages(req, res, () => ((res.statusCode = 404), res.end('not found')));
      })
      .catch((e: unknown) => {
        log.error('unhandled request error', { error: (e as Error).message });
        if (!res.headersSent) res.end();
      });
  });
  app.attach(http);
  await new Promise<void>((resolve) => http.listen(config.port, config.host, resolve));
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  log.info('listening', {
    url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
    engine: app.engine.kind,
    ready_ms: Math.round(performance.now() - t0)
  });
  if (!config.ingestToken) log.warn('INGEST_TOKEN is not set: ingest is open to loopback clients only');
  if (!config.readToken) log.info('READ_TOKEN is not set: dashboards and read APIs are open');

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
    // A stuck client must not hold the process forever.
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  // Published series first: a few seconds alone, and the first thing a new screen can show.
  void app
    .loadPublished()
    .catch((e: unknown) => log.error('loading the published series failed', { error: (e as Error).message }))
    .then(() => app.startSimulation())
    .catch((e: unknown) => log.error('simulator failed', { error: (e as Error).message }));
}

void main();
