import { existsSync, readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createStaticFiles } from './http/static';
import type { Logger } from './log';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => unknown;

export interface Pages {
  /** Answers a page or a build file; never rejects. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Server modules loaded at start, and of them the route modules (SvelteKit's nodes and endpoints). */
  modules: number;
  routeModules: number;
}

/** The part of SvelteKit's server manifest that loads route modules. */
interface KitManifest {
  _: { nodes: (() => Promise<unknown>)[]; routes: { endpoint: (() => Promise<unknown>) | null }[] };
}

function isManifest(v: unknown): v is KitManifest {
  const inner = (v as { _?: { nodes?: unknown; routes?: unknown } } | null)?._;
  return typeof v === 'object' && v !== null && Array.isArray(inner?.nodes) && Array.isArray(inner?.routes);
}

/**
 * Runs the manifest's own loaders. Importing a module file by path is not enough: Node resolves
 * each import specifier afresh for each importing module, checking the disk, so the manifest's
 * first `import('./nodes/2.js')` would still fail once the file is gone. Its loaders keep the
 * promise they return, so after this call no route needs the disk again.
 */
async function loadRouteModules(manifest: KitManifest): Promise<number> {
  const loaders = [...manifest._.nodes, ...manifest._.routes.flatMap((r) => (r.endpoint ? [r.endpoint] : []))];
  await Promise.all(loaders.map((load) => load()));
  return loaders.length;
}

/**
 * The pages of one release: SvelteKit's handler, with the build's files served in front of it
 * (server/http/static.ts). SvelteKit imports a route's module on the route's first request;
 * every module of the release's server side, and every route module through SvelteKit's own
 * loaders, is loaded here at start instead, so a page first asked for after its chunk was
 * renamed or removed on disk still renders.
 */
export async function loadPages(releaseDir: string, log: Logger): Promise<Pages> {
  const handlerPath = join(releaseDir, 'handler.js');
  if (!existsSync(handlerPath)) throw new Error(`${handlerPath} is missing: run \`npm run build\` first (npm start does it for you)`);
  const { handler } = (await import(pathToFileURL(handlerPath).href)) as { handler: NodeHandler };
  const serverDir = join(releaseDir, 'server');
  const modules = readdirSync(serverDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  let routeModules = 0;
  for (const m of modules) {
    const exports = (await import(pathToFileURL(m).href)) as Record<string, unknown>;
    for (const value of Object.values(exports)) if (isManifest(value)) routeModules += await loadRouteModules(value);
  }
  const files = createStaticFiles(join(releaseDir, 'client'), log);

  const notFound = (res: ServerResponse) => () => {
    res.statusCode = 404;
    res.end('not found');
  };
  return {
    modules: modules.length,
    routeModules,
    handle(req, res) {
      const file = files.match(req);
      if (file !== null) {
        void files.serve(req, res, file);
        return;
      }
      Promise.resolve()
        .then(() => handler(req, res, notFound(res)))
        .catch((e: unknown) => {
          log.error('page failed', { path: req.url, error: (e as Error).message, stack: (e as Error).stack });
          if (!res.headersSent) {
            res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
            res.end('internal error');
          } else {
            res.destroy();
          }
        });
    }
  };
}
