import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';

/**
 * Everything the server reads from the environment, read once at start. A bad value stops the
 * start with a message that names the variable and what it accepts, instead of failing later
 * somewhere far from the cause.
 */
export interface Config {
  /** @default 3000 */
  port: number;
  /** @default '0.0.0.0' */
  host: string;
  /** Embedded engine data directory. @default './data' */
  chdbPath: string;
  /** When set, a ClickHouse server (or cluster entry point) is used instead of the embedded engine. */
  clickhouseUrl: string | undefined;
  clickhouseUser: string;
  clickhousePassword: string;
  clickhouseDatabase: string;
  /**
   * Renders migrations for this cluster (docs/SCALE-OUT.md): Replicated local tables created ON
   * CLUSTER, Distributed tables over them, views on the local tables, a replicated migration record.
   */
  clickhouseCluster: string | undefined;
  /** Bearer token for ingest. Unset: ingest is open to loopback clients only. */
  ingestToken: string | undefined;
  /** Token checked at the socket handshake and on read APIs. Unset: reads are open. */
  readToken: string | undefined;
  /** Bearer token for annotation writes; unset: the ingest token, or loopback when that is unset too. */
  annotateToken: string | undefined;
  /** 'auto' simulates only when the database is empty. @default 'auto' */
  simulate: 'on' | 'off' | 'auto';
  /** @default 'info' */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** An AI-text detector service crawl-file imports send text to (docs/INGEST.md). Unset: no scores. */
  detectorUrl: string | undefined;
  /** How long a stop waits for requests under way before it ends the process. @default 15 */
  shutdownGraceSeconds: number;
  /** Socket connections one address may hold (a wall of screens behind one NAT). @default 2000 */
  socketsPerAddress: number;
  /** Fleet mode: servers sharing this Redis share views, leases and change notices (docs/SCALE-OUT.md). Unset: one server alone. */
  redisUrl: string | undefined;
  /**
   * Proxies (addresses, CIDR ranges) whose X-Forwarded-For names the client: per-address limits,
   * loopback-only writes and logs then see the client, not the load balancer. Empty: the header
   * is ignored and the TCP peer is the client.
   */
  trustProxy: string[];
  /**
   * Benchmarks only: a file the server appends a timestamp to at each step of a write's way to
   * the screens (server/lib/trace.ts). Unset: nothing is traced.
   */
  traceFile: string | undefined;
}

/** A TRUST_PROXY entry: an IPv4 or IPv6 address, optionally with a prefix length in range. */
function proxyEntryError(entry: string): string | null {
  const [ip = '', bits, ...rest] = entry.split('/');
  const max = isIPv4(ip) ? 32 : isIPv6(ip) ? 128 : 0;
  if (max === 0 || rest.length > 0) return `${JSON.stringify(entry)} is not an IP address or CIDR range (e.g. 10.0.0.0/8, 127.0.0.1)`;
  if (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max)) {
    return `${JSON.stringify(entry)}: the prefix length must be 0 to ${max}`;
  }
  return null;
}

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const envSchema = z.object({
  PORT: z.coerce
    .number({ message: 'PORT must be an integer from 0 to 65535' })
    .int('PORT must be an integer from 0 to 65535')
    .min(0, 'PORT must be an integer from 0 to 65535')
    .max(65535, 'PORT must be an integer from 0 to 65535')
    .default(3000),
  HOST: z.string().trim().min(1, 'HOST must be a host name or address').default('0.0.0.0'),
  CHDB_PATH: z.string().trim().min(1, 'CHDB_PATH must be a directory path').default('./data'),
  CLICKHOUSE_URL: optionalText.pipe(
    z
      .url({ message: 'CLICKHOUSE_URL must be an http(s) URL such as http://localhost:8123' })
      .refine((u) => /^https?:\/\//.test(u), 'CLICKHOUSE_URL must start with http:// or https://')
      .optional()
  ),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'CLICKHOUSE_DATABASE must be a plain identifier (letters, digits, _)')
    .default('default'),
  CLICKHOUSE_CLUSTER: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'CLICKHOUSE_CLUSTER must be a plain identifier (letters, digits, _)')
      .optional()
  ),
  INGEST_TOKEN: optionalText.pipe(z.string().min(16, 'INGEST_TOKEN must be at least 16 characters').optional()),
  READ_TOKEN: optionalText.pipe(z.string().min(16, 'READ_TOKEN must be at least 16 characters').optional()),
  ANNOTATE_TOKEN: optionalText.pipe(z.string().min(16, 'ANNOTATE_TOKEN must be at least 16 characters').optional()),
  SIMULATE: z
    .enum(['on', 'off', 'auto', '1', '0', 'true', 'false'], {
      message: 'SIMULATE must be one of on, off, auto (or 1/0, true/false)'
    })
    .default('auto')
    .transform((v): Config['simulate'] => (v === '1' || v === 'true' ? 'on' : v === '0' || v === 'false' ? 'off' : v)),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { message: 'LOG_LEVEL must be one of debug, info, warn, error' }).default('info'),
  DETECTOR_URL: optionalText.pipe(
    z
      .url({ message: 'DETECTOR_URL must be an http(s) URL such as http://localhost:8500/score' })
      .refine((u) => /^https?:\/\//.test(u), 'DETECTOR_URL must start with http:// or https://')
      .optional()
  ),
  SHUTDOWN_GRACE_S: z.coerce
    .number({ message: 'SHUTDOWN_GRACE_S must be a number of seconds from 1 to 3600' })
    .min(1, 'SHUTDOWN_GRACE_S must be a number of seconds from 1 to 3600')
    .max(3600, 'SHUTDOWN_GRACE_S must be a number of seconds from 1 to 3600')
    .default(15),
  SOCKETS_PER_ADDRESS: z.coerce
    .number({ message: 'SOCKETS_PER_ADDRESS must be an integer from 1 to 100000' })
    .int('SOCKETS_PER_ADDRESS must be an integer from 1 to 100000')
    .min(1, 'SOCKETS_PER_ADDRESS must be an integer from 1 to 100000')
    .max(100_000, 'SOCKETS_PER_ADDRESS must be an integer from 1 to 100000')
    .default(2000),
  REDIS_URL: optionalText.pipe(
    z
      .url({ message: 'REDIS_URL must be a redis:// or rediss:// URL such as redis://localhost:6379' })
      .refine((u) => /^rediss?:\/\//.test(u), 'REDIS_URL must start with redis:// or rediss://')
      .optional()
  ),
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((s) => s.split(/[\s,]+/).filter((e) => e !== ''))
    .superRefine((entries, ctx) => {
      for (const entry of entries) {
        const error = proxyEntryError(entry);
        if (error) ctx.addIssue({ code: 'custom', message: `TRUST_PROXY: ${error}` });
      }
    }),
  TRACE_FILE: optionalText
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '?')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    chdbPath: e.CHDB_PATH,
    clickhouseUrl: e.CLICKHOUSE_URL,
    clickhouseUser: e.CLICKHOUSE_USER,
    clickhousePassword: e.CLICKHOUSE_PASSWORD,
    clickhouseDatabase: e.CLICKHOUSE_DATABASE,
    clickhouseCluster: e.CLICKHOUSE_CLUSTER,
    ingestToken: e.INGEST_TOKEN,
    readToken: e.READ_TOKEN,
    annotateToken: e.ANNOTATE_TOKEN,
    simulate: e.SIMULATE,
    logLevel: e.LOG_LEVEL,
    detectorUrl: e.DETECTOR_URL,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_S,
    socketsPerAddress: e.SOCKETS_PER_ADDRESS,
    redisUrl: e.REDIS_URL,
    trustProxy: e.TRUST_PROXY,
    traceFile: e.TRACE_FILE
  };
}
