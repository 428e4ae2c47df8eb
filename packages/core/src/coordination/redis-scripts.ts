import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * A Lua script run with EVALSHA; loaded with SCRIPT LOAD when the server does not know it yet
 * (first use, or a Redis that restarted and lost its script cache).
 */
export class RedisScript {
  readonly sha: string;
  readonly source: string;
  readonly #keys: number;

  constructor(source: string, keys: number) {
    this.source = source;
    this.sha = createHash("sha1").update(source).digest("hex");
    this.#keys = keys;
  }

  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    if (this.#keys >= 0 && keys.length !== this.#keys) throw new Error(`script expects ${this.#keys} keys, got ${keys.length}`);
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      await redis.script("LOAD", this.source);
      return redis.evalsha(this.sha, keys.length, ...keys, ...args);
    }
  }
}

/**
 * Quota pre-check and reservation over one account+action's sorted-set log.
 *
 * KEYS[1] log: member = reservation id, score = its instant (ms). Member "~built" (score 0)
 *         says the log was rebuilt from the ledger; without it (a fresh or restarted Redis, an
 *         evicted key) the script answers -1 and the caller rebuilds first.
 * KEYS[2] the run's counter (unused without a run).
 * ARGV 1 id, 2 at, 3 day start (incl.), 4 day end (excl.), 5 week start (excl.), 6 day limit
 *      (warm-up applied), 7 week limit, 8 "1" with a run, 9 run limit, 10 TTL ms, 11 prune before.
 * Reply {status, day, week, run, weekFreesAtScore}: status 1 reserved, 0 refused, 2 already
 * reserved (same id), -1 needs a rebuild. Counts are after the reservation when reserved.
 * TTLs are set here, in the same script as the write, so a key never lives without one.
 */
export const RESERVE = new RedisScript(
  `
local marks = redis.call('ZMSCORE', KEYS[1], '~built', ARGV[1])
if not marks[1] then return {-1, 0, 0, 0, '0'} end
local day = redis.call('ZCOUNT', KEYS[1], ARGV[3], '(' .. ARGV[4])
local week = redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[5], '+inf')
local hasRun = ARGV[8] == '1'
local run = 0
if hasRun then run = tonumber(redis.call('GET', KEYS[2]) or '0') end
if marks[2] then return {2, day, week, run, '0'} end
local weekLimit = tonumber(ARGV[7])
if day < tonumber(ARGV[6]) and week < weekLimit and ((not hasRun) or run < tonumber(ARGV[9])) then
  -- The log only grows here, so pruning here keeps it bounded.
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '(0', '(' .. ARGV[11])
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[10])
  if hasRun then
    redis.call('INCR', KEYS[2])
    redis.call('PEXPIRE', KEYS[2], ARGV[10])
  end
  return {1, day + 1, week + 1, run + 1, '0'}
end
local freesAt = '0'
if week >= weekLimit then
  local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[5], '+inf', 'WITHSCORES', 'LIMIT', week - weekLimit, 1)
  if oldest[2] then freesAt = oldest[2] end
end
return {0, day, week, run, freesAt}
`,
  2,
);

/** Drops one reservation from the log (refund, or the ledger refused it). KEYS log, run; ARGV id, "1" with a run. */
export const RELEASE = new RedisScript(
  `
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
if removed == 1 and ARGV[2] == '1' then
  if redis.call('DECR', KEYS[2]) <= 0 then redis.call('DEL', KEYS[2]) end
end
return removed
`,
  2,
);

/**
 * Installs a log rebuilt from the ledger, unless another process already did.
 * KEYS[1] log, KEYS[2] staging log (filled beforehand, may not exist when empty), KEYS[3..] run
 * counters; ARGV[1] TTL ms, ARGV[2..] the counters' values.
 */
export const INSTALL_REBUILD = new RedisScript(
  `
if redis.call('ZSCORE', KEYS[1], '~built') then
  redis.call('DEL', KEYS[2])
  return 0
end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[1]) else redis.call('DEL', KEYS[1]) end
redis.call('ZADD', KEYS[1], 0, '~built')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
for i = 3, #KEYS do
  redis.call('SET', KEYS[i], ARGV[i - 1], 'PX', ARGV[1])
end
return 1
`,
  -1,
);

/** Takes a lease when free or already ours (the TTL is then extended). KEYS lease; ARGV owner, ttl. */
export const LEASE_ACQUIRE = new RedisScript(
  `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`,
  1,
);

/** Extends a lease only if still ours. KEYS lease; ARGV owner, ttl. */
export const LEASE_RENEW = new RedisScript(
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`,
  1,
);

/** Deletes a lease only if still ours (compare-and-delete). KEYS lease; ARGV owner. */
export const LEASE_RELEASE = new RedisScript(
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
  1,
);
