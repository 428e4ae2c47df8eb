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
 * Quota pre-check and reservation over one account+action's sorted-set log: member =
 * reservation id, score = its instant (ms). Member "~built" (score 0) says the log was rebuilt
 * from the ledger; without it (a fresh or restarted Redis, an evicted key) the script answers -1
 * and the caller rebuilds first. The day limit has the warm-up applied.
 * Reply {status, day, week, run, weekFreesAtScore}: status 1 reserved, 0 refused, 2 already
 * reserved (same id), -1 needs a rebuild. Counts are after the reservation when reserved.
 * TTLs are set here, in the same script as the write, so a key never lives without one.
 */
export const RESERVE = new RedisScript(
  `
local log = KEYS[1]
local run_counter = KEYS[2] -- unused without a run
local id = ARGV[1]
local at = ARGV[2]
local day_start = ARGV[3] -- inclusive
local day_end = ARGV[4] -- exclusive
local week_start = ARGV[5] -- exclusive
local day_limit = tonumber(ARGV[6])
local week_limit = tonumber(ARGV[7])
local has_run = ARGV[8] == '1'
local run_limit = tonumber(ARGV[9])
local ttl_ms = ARGV[10]
local prune_before = ARGV[11]

local marks = redis.call('ZMSCORE', log, '~built', id)
if not marks[1] then return {-1, 0, 0, 0, '0'} end
local day = redis.call('ZCOUNT', log, day_start, '(' .. day_end)
local week = redis.call('ZCOUNT', log, '(' .. week_start, '+inf')
local run = 0
if has_run then run = tonumber(redis.call('GET', run_counter) or '0') end
if marks[2] then return {2, day, week, run, '0'} end
if day < day_limit and week < week_limit and ((not has_run) or run < run_limit) then
  -- The log only grows here, so pruning here keeps it bounded.
  redis.call('ZREMRANGEBYSCORE', log, '(0', '(' .. prune_before)
  redis.call('ZADD', log, at, id)
  redis.call('PEXPIRE', log, ttl_ms)
  if has_run then
    redis.call('INCR', run_counter)
    redis.call('PEXPIRE', run_counter, ttl_ms)
  end
  return {1, day + 1, week + 1, run + 1, '0'}
end
local week_frees_at = '0'
if week >= week_limit then
  local oldest = redis.call('ZRANGEBYSCORE', log, '(' .. week_start, '+inf', 'WITHSCORES',
    'LIMIT', week - week_limit, 1)
  if oldest[2] then week_frees_at = oldest[2] end
end
return {0, day, week, run, week_frees_at}
`,
  2,
);

/** Drops one reservation from the log (refund, or the ledger refused it). */
export const RELEASE = new RedisScript(
  `
local log = KEYS[1]
local run_counter = KEYS[2]
local id = ARGV[1]
local has_run = ARGV[2] == '1'

local removed = redis.call('ZREM', log, id)
if removed == 1 and has_run then
  if redis.call('DECR', run_counter) <= 0 then redis.call('DEL', run_counter) end
end
return removed
`,
  2,
);

/**
 * Installs a log rebuilt from the ledger, unless another process already did. The staging log
 * was filled beforehand (it does not exist when there was nothing to copy); KEYS[3..] are the
 * run counters and ARGV[2..] their values.
 */
export const INSTALL_REBUILD = new RedisScript(
  `
local log = KEYS[1]
local staging = KEYS[2]
local ttl_ms = ARGV[1]

if redis.call('ZSCORE', log, '~built') then
  redis.call('DEL', staging)
  return 0
end
if redis.call('EXISTS', staging) == 1 then redis.call('RENAME', staging, log) else redis.call('DEL', log) end
redis.call('ZADD', log, 0, '~built')
redis.call('PEXPIRE', log, ttl_ms)
for i = 3, #KEYS do
  local run_counter, count = KEYS[i], ARGV[i - 1]
  redis.call('SET', run_counter, count, 'PX', ttl_ms)
end
return 1
`,
  -1,
);

/** Takes a lease when free or already ours (the TTL is then extended). */
export const LEASE_ACQUIRE = new RedisScript(
  `
local lease = KEYS[1]
local owner = ARGV[1]
local ttl_ms = ARGV[2]

local holder = redis.call('GET', lease)
if holder == owner then
  redis.call('PEXPIRE', lease, ttl_ms)
  return 1
end
if holder then return 0 end
redis.call('SET', lease, owner, 'PX', ttl_ms)
return 1
`,
  1,
);

/** Extends a lease only if still ours. */
export const LEASE_RENEW = new RedisScript(
  `
local lease = KEYS[1]
local owner = ARGV[1]
local ttl_ms = ARGV[2]

if redis.call('GET', lease) == owner then return redis.call('PEXPIRE', lease, ttl_ms) end
return 0
`,
  1,
);

/** Deletes a lease only if still ours (compare-and-delete). */
export const LEASE_RELEASE = new RedisScript(
  `
local lease = KEYS[1]
local owner = ARGV[1]

if redis.call('GET', lease) == owner then return redis.call('DEL', lease) end
return 0
`,
  1,
);
