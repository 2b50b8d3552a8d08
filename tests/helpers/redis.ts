import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server at once (Redis lost); `start` brings it back on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A free loopback port: redis-server takes no port 0, so one is found and handed to it. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * A real redis-server (Debian's package, installed by .ci/run) on a free port, in memory only:
 * no snapshot, no append-only file. Resolves once it accepts connections.
 */
export async function startRedis(bin = process.env.REDIS_SERVER ?? 'redis-server'): Promise<TestRedis> {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const launch = async () => {
    const p = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'inherit']
    });
    proc = p;
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: p.stdout! });
      lines.on('line', (l) => {
        if (l.includes('Ready to accept connections')) resolve();
      });
      p.once('exit', (code) => reject(new Error(`redis-server exited before it was ready (code ${code}); is it installed?`)));
      p.once('error', reject);
    });
  };
  const end = async (signal: NodeJS.Signals) => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
    p.kill(signal);
    await exited;
  };
  await launch();
  return { url: `redis://127.0.0.1:${port}`, port, kill: () => end('SIGKILL'), start: launch, stop: () => end('SIGTERM') };
}
