import type { Server as HttpServer } from 'node:http';
import type { Connect } from 'vite';
import { createApp, type App } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../log';

/**
 * `npm run dev`: the same app as production (engine, migrations, hub, API, socket.io, simulator)
 * inside Vite's dev server, so pages hot-reload while the data is real. vite.config.ts loads this
 * module through Vite's SSR loader when the dev server starts.
 *
 * chDB admits one engine per process and Vite re-evaluates its config and reloads modules as
 * files change, so the app lives on globalThis and is reused rather than opened twice.
 */
const KEY = Symbol.for('peak-data-observatory.dev-app');
type Holder = { [KEY]?: Promise<App> };

function devApp(): Promise<App> {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    const config = loadConfig({ CHDB_PATH: './data/dev', ...process.env });
    const log = createLogger(config.logLevel);
    g[KEY] = createApp(config, { log, version: 'dev' }).then((app) => {
      // Published series first: a few seconds alone, and the first thing a new screen can show.
      void app
        .loadPublished()
        .catch((e: unknown) => log.error('loading the published series failed', { error: (e as Error).message }))
        .then(() => app.startSimulation())
        .catch((e: unknown) => log.error('simulator failed', { error: (e as Error).message }));
      if (!config.ingestToken) log.warn('INGEST_TOKEN is not set: ingest is open to loopback clients only');
      return app;
    });
  }
  return g[KEY];
}

/** Puts the API in front of Vite's middlewares and socket.io on its HTTP server. */
export async function mountDev(middlewares: Connect.Server, http: HttpServer | null): Promise<void> {
  const app = await devApp();
  if (http) app.attach(http);
  middlewares.use((req, res, next) => {
    app.handle(req, res).then((handled) => {
      if (!handled) next();
    }, next);
  });
}
