import type { Redis } from 'ioredis';

/**
 * View leases in Redis: one key per view, holding "<server> <expires-at ms>". The expiry is
 * compared with the caller's clock (passed in), not Redis's, so a test's injected clock decides
 * when a lease lapses; servers of one fleet must keep their clocks in step (NTP), as the lease
 * time (seconds) is far above their drift. Redis's own expiry only collects keys left behind.
 *
 * One script call covers every key of a refresh pass: a round trip per pass, not per view.
 * The keys may hash to different slots, so this needs a single Redis (or one shard), not
 * Redis Cluster.
 */
const CLAIM = `
local me, now, ttl, keep, mode = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local out = {}
for i, k in ipairs(KEYS) do
  local v = redis.call('GET', k)
  local ok = false
  if v then
    local sp = string.find(v, ' ', 1, true)
    local holder = string.sub(v, 1, sp - 1)
    local exp = tonumber(string.sub(v, sp + 1))
    if mode == 'release' then
      if holder == me then redis.call('DEL', k) end
    elseif holder == me or (mode == 'take' and exp <= now) then
      ok = true
    end
  elseif mode == 'take' then
    ok = true
  end
  if ok then redis.call('SET', k, me .. ' ' .. (now + ttl), 'PX', keep) end
  out[i] = ok and 1 or 0
end
return out
`;

type LeaseMode = 'take' | 'renew' | 'release';

function leaseKey(prefix: string, viewKey: string): string {
  return `${prefix}:lease:${viewKey}`;
}

/**
 * take: the keys free, lapsed or already ours become ours; renew: only those still ours are
 * extended; release: ours are deleted. Returns, per key, whether this server holds it after.
 */
export async function leases(
  redis: Redis,
  prefix: string,
  viewKeys: readonly string[],
  a: { server: string; now: number; ttlMs: number; mode: LeaseMode }
): Promise<boolean[]> {
  if (viewKeys.length === 0) return [];
  // Redis keeps a lapsed key a while longer than the lease, so a holder slower than its lease
  // (a long GC pause) finds its own lapsed key rather than nothing.
  const keepMs = Math.max(a.ttlMs * 4, 60_000);
  const out = (await redis.eval(
    CLAIM,
    viewKeys.length,
    ...viewKeys.map((k) => leaseKey(prefix, k)),
    a.server,
    String(a.now),
    String(a.ttlMs),
    String(keepMs),
    a.mode
  )) as number[];
  return out.map((n) => n === 1);
}
