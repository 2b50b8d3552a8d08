import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The production entry, built as CommonJS to observatory/index.js (the file operators run): it
 * sizes libuv's thread pool, then loads the server (server/index.ts, built beside it as
 * server.mjs).
 *
 * Why the pool: each call into the embedded engine (chDB) holds one of the pool's threads until
 * its query ends, and the same pool opens and reads files (a page's scripts and styles), gunzips
 * uploads and looks up host names. With Node's default of 4 threads, the live hub's 4 refreshes
 * at once take all of them, and a display that loads meanwhile waits for a query to end before
 * it gets its first script. 16 leaves room for the hub, the uploads admitted at once (4), the
 * simulator and API queries, and still keeps threads free for files.
 *
 * Why a file of its own: libuv reads UV_THREADPOOL_SIZE once, when the pool first starts, and
 * Node's loader of ES modules starts it while reading the server's own code; a CommonJS file is
 * read without it. An operator's own UV_THREADPOOL_SIZE is kept.
 */
const DEFAULT_THREADPOOL_SIZE = 16;

process.env.UV_THREADPOOL_SIZE ??= String(DEFAULT_THREADPOOL_SIZE);
// A path built at run time: the bundler leaves it alone, and it names the file beside this one.
import(pathToFileURL(join(__dirname, 'server.mjs')).href).catch((e: unknown) => {
  process.stderr.write(`cannot load the server: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
