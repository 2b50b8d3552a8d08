import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has working defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      chdbPath: './data',
      simulate: 'auto',
      logLevel: 'info',
      clickhouseUrl: undefined,
      ingestToken: undefined,
      detectorUrl: undefined,
      shutdownGraceSeconds: 15,
      socketsPerAddress: 2000,
      redisUrl: undefined,
      trustProxy: [],
      traceFile: undefined
    });
  });

  it('TRACE_FILE turns the write-path trace on (benchmarks); blank is off', () => {
    expect(loadConfig({ TRACE_FILE: '/tmp/pdo-trace' }).traceFile).toBe('/tmp/pdo-trace');
    expect(loadConfig({ TRACE_FILE: '  ' }).traceFile).toBeUndefined();
  });

  it('TRUST_PROXY takes addresses and CIDR ranges, IPv4 or IPv6, and names a bad entry', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1 fd00::/8' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
    expect(loadConfig({ TRUST_PROXY: ' ' }).trustProxy).toEqual([]);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/8,nginx' })).toThrow(
      /TRUST_PROXY: TRUST_PROXY: "nginx" is not an IP address or CIDR range/
    );
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(
      /TRUST_PROXY: TRUST_PROXY: "10.0.0.0\/33": the prefix length must be 0 to 32/
    );
    expect(() => loadConfig({ TRUST_PROXY: '::1/129' })).toThrow(/the prefix length must be 0 to 128/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/8/1' })).toThrow(/"10.0.0.0\/8\/1" is not an IP address/);
  });

  it('REDIS_URL turns on fleet mode and takes only redis:// or rediss:// URLs', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379/0' }).redisUrl).toBe('redis://cache:6379/0');
    expect(loadConfig({ REDIS_URL: 'rediss://user:pw@cache:6380' }).redisUrl).toBe('rediss://user:pw@cache:6380');
    expect(loadConfig({ REDIS_URL: '' }).redisUrl).toBeUndefined();
    expect(() => loadConfig({ REDIS_URL: 'cache:6379' })).toThrow(/REDIS_URL: REDIS_URL must/);
    expect(() => loadConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL: REDIS_URL must start with redis:\/\/ or rediss:\/\//);
  });

  it('names the variable and what it accepts when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT: PORT must be an integer from 0 to 65535/);
    expect(() => loadConfig({ SIMULATE: 'maybe' })).toThrow(/SIMULATE: SIMULATE must be one of on, off, auto/);
    expect(() => loadConfig({ CLICKHOUSE_URL: 'localhost:8123' })).toThrow(/CLICKHOUSE_URL/);
    expect(() => loadConfig({ INGEST_TOKEN: 'short' })).toThrow(/INGEST_TOKEN must be at least 16 characters/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ DETECTOR_URL: 'detector:8500' })).toThrow(/DETECTOR_URL: DETECTOR_URL must/);
    expect(() => loadConfig({ SOCKETS_PER_ADDRESS: '2.5' })).toThrow(/SOCKETS_PER_ADDRESS: SOCKETS_PER_ADDRESS must be an integer/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_S: '0' })).toThrow(/SHUTDOWN_GRACE_S: SHUTDOWN_GRACE_S must be a number of seconds/);
  });

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ PORT: '-1', LOG_LEVEL: 'x' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/LOG_LEVEL/);
    }
  });

  it('reads SIMULATE in its common spellings and treats empty strings as unset', () => {
    expect(loadConfig({ SIMULATE: '1' }).simulate).toBe('on');
    expect(loadConfig({ SIMULATE: 'false' }).simulate).toBe('off');
    expect(loadConfig({ CLICKHOUSE_URL: '', INGEST_TOKEN: '' })).toMatchObject({ clickhouseUrl: undefined, ingestToken: undefined });
    expect(loadConfig({ CLICKHOUSE_URL: 'https://ch.example.org:8443' }).clickhouseUrl).toBe('https://ch.example.org:8443');
  });
});
