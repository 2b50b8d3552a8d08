import { readdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { lookup } from 'mrmime';
import type { Logger } from '../log';

interface StaticFiles {
  /** The file a request names, when it is one of the build's; null passes it on. */
  match(req: IncomingMessage): string | null;
  /** Answers with the file (or a precompressed variant), 404 when it is gone. Never rejects. */
  serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

/**
 * The build's client files (scripts, styles, icons, with SvelteKit's .br and .gz twins), served
 * in front of SvelteKit's handler, whose file server streams without an error handler: a file
 * deleted under it (a build in the same directory) was an uncaught error that ended the process.
 *
 * Here the file is opened before anything is sent: a file that is gone is a clean 404, and once
 * open it is read to the end even if it is deleted meanwhile (POSIX keeps an open file's data).
 * A read or client error mid-stream closes that one response. Every path listed at start is
 * answered here, found or not, so SvelteKit's file server, which lists the same directory at
 * start, is never asked for a file that has gone.
 */
export function createStaticFiles(dir: string, log: Logger): StaticFiles {
  const files = new Set(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => '/' + relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
  );

  const variants = (path: string, acceptEncoding: string): { file: string; encoding: string | null }[] => {
    const out: { file: string; encoding: string | null }[] = [];
    if (/\bbr\b/.test(acceptEncoding) && files.has(`${path}.br`)) out.push({ file: `${path}.br`, encoding: 'br' });
    if (/\bgzip\b/.test(acceptEncoding) && files.has(`${path}.gz`)) out.push({ file: `${path}.gz`, encoding: 'gzip' });
    out.push({ file: path, encoding: null });
    return out;
  };

  return {
    match(req) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return null;
      let path: string;
      try {
        path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      } catch {
        return null;
      }
      return files.has(path) ? path : null;
    },

    async serve(req, res, path) {
      let fh: FileHandle | null = null;
      let chosen: { file: string; encoding: string | null } | null = null;
      for (const v of variants(path, String(req.headers['accept-encoding'] ?? ''))) {
        try {
          fh = await open(join(dir, v.file), 'r');
          chosen = v;
          break;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code !== 'ENOENT' && code !== 'ENOTDIR') log.warn('static file unreadable', { file: v.file, error: (e as Error).message });
        }
      }
      if (!fh || !chosen) {
        log.warn('static file gone', { path });
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end(`not found: ${path}`);
        return;
      }
      try {
        const st = await fh.stat();
        const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}${chosen.encoding ? `-${chosen.encoding}` : ''}"`;
        const headers: Record<string, string | number> = {
          'content-type': lookup(extname(path)) ?? 'application/octet-stream',
          'cache-control': path.startsWith('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          etag,
          'last-modified': st.mtime.toUTCString()
        };
        if (files.has(`${path}.br`) || files.has(`${path}.gz`)) headers.vary = 'accept-encoding';
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, headers);
          res.end();
          await fh.close();
          return;
        }
        if (chosen.encoding) headers['content-encoding'] = chosen.encoding;
        headers['content-length'] = st.size;
        res.writeHead(200, headers);
        if (req.method === 'HEAD') {
          res.end();
          await fh.close();
          return;
        }
        const body = fh.createReadStream();
        fh = null; // the stream closes it
        pipeline(body, res, (err) => {
          // A client that leaves mid-download is routine; anything else is worth a line.
          if (err && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
            log.warn('static file stream failed', { path, error: err.message });
          }
        });
      } catch (e) {
        await fh?.close().catch(() => undefined);
        log.warn('static file failed', { path, error: (e as Error).message });
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(`the server could not read ${path} from its disk`);
        } else {
          res.destroy();
        }
      }
    }
  };
}
