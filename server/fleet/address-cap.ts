import type { Redis } from 'ioredis';

/**
 * The per-address connection cap across the fleet. A wall of screens behind one NAT reaches
 * every server through the load balancer, so a cap each server kept alone would let one address
 * hold the cap times the number of servers. Each address has a Redis hash of connections per
 * server; a server counts only while its heartbeat is fresh, so a dead server's connections stop
 * counting once its heartbeat lapses.
 */
const ADMIT = `
local me, now, stale, cap = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local fields = redis.call('HGETALL', KEYS[1])
local sum = 0
for i = 1, #fields, 2 do
  local server, n = fields[i], tonumber(fields[i + 1])
  if server == me then
    sum = sum + n
  else
    local beat = redis.call('ZSCORE', KEYS[2], server)
    if beat and tonumber(beat) >= now - stale then sum = sum + n else redis.call('HDEL', KEYS[1], server) end
  end
end
if sum >= cap then return 0 end
redis.call('HINCRBY', KEYS[1], me, 1)
redis.call('PEXPIRE', KEYS[1], 86400000)
return 1
`;

const LEAVE = `
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if n <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return n
`;

export class AddressCap {
  /** This server's connections per address, as admitted: what its Redis fields are rebuilt from. */
  private readonly mine = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly a: {
      prefix: string;
      server: string;
      staleMs: number;
      now: () => number;
      up: () => boolean;
      failed: (what: string, e: unknown) => void;
    }
  ) {}

  /** Whether one more connection from `address` fits under `cap` fleet-wide; counts it when it does. */
  async admit(address: string, cap: number): Promise<boolean> {
    let ok = true;
    if (this.a.up()) {
      try {
        const r = await this.redis.eval(
          ADMIT,
          2,
          this.key(address),
          this.serversKey(),
          this.a.server,
          String(this.a.now()),
          String(this.a.staleMs),
          String(cap)
        );
        ok = r === 1;
      } catch (e) {
        // Redis failed mid-way: the local cap alone applies, as with Redis down.
        this.a.failed('admit', e);
      }
    }
    if (ok) this.mine.set(address, (this.mine.get(address) ?? 0) + 1);
    return ok;
  }

  leave(address: string): void {
    const n = (this.mine.get(address) ?? 0) - 1;
    if (n <= 0) this.mine.delete(address);
    else this.mine.set(address, n);
    if (!this.a.up()) return;
    this.redis.eval(LEAVE, 1, this.key(address), this.a.server).catch((e: unknown) => this.a.failed('leave', e));
  }

  /** Marks this server alive, so its connections count for the fleet. */
  async beat(): Promise<void> {
    await this.redis.zadd(this.serversKey(), this.a.now(), this.a.server);
  }

  /** After Redis returns (counts changed while it was away, or it restarted empty): this server's counts again. */
  async restore(): Promise<void> {
    await this.beat();
    const m = this.redis.multi();
    for (const [address, n] of this.mine) m.hset(this.key(address), this.a.server, n).pexpire(this.key(address), 86_400_000);
    await m.exec();
  }

  /** Stops counting this server's connections (a clean shutdown). */
  async forget(): Promise<void> {
    const m = this.redis.multi().zrem(this.serversKey(), this.a.server);
    for (const address of this.mine.keys()) m.hdel(this.key(address), this.a.server);
    this.mine.clear();
    await m.exec();
  }

  private key(address: string): string {
    return `${this.a.prefix}:conns:${address}`;
  }

  private serversKey(): string {
    return `${this.a.prefix}:servers`;
  }
}
