-- wrk script for bench/webhook-bench.sh: each wrk thread sends its own slice of the pre-signed
-- deliveries (one unique delivery per request, never a repeat) and counts what came back.
-- It stops sending a few seconds before wrk stops, so every delivery sent gets its answer
-- counted: the rows in the database can then be compared with the 2xx answers exactly.
-- Arguments after "--": deliveries file, number of wrk threads, seconds to send for.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")
local function now()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) + tonumber(tv.tv_usec) / 1e6
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  send_seconds = tonumber(args[3])
  reqs = {}
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == id then
      local tab = line:find("\t", 1, true)
      reqs[#reqs + 1] = wrk.format("POST", "/api/v1/calendly/webhook",
        { ["Content-Type"] = "application/json", ["Calendly-Webhook-Signature"] = line:sub(1, tab - 1) },
        line:sub(tab + 1))
    end
    i = i + 1
  end
  sent, processed, other2xx, failed, exhausted = 0, 0, 0, 0, 0
  first, last = 0, 0
  idle = wrk.format("GET", "/observe/health/live")
end

local function sending()
  if first == 0 then
    first = now()
  end
  return now() - first < send_seconds and sent < #reqs
end

-- past the deadline (or out of deliveries) the connection waits out the run without sending
function delay()
  if sending() then
    return 0
  end
  if sent >= #reqs then
    exhausted = 1
  end
  return 600000
end

function request()
  if not sending() then
    return idle
  end
  sent = sent + 1
  return reqs[sent]
end

function response(status, headers, body)
  if body:find('"deliveryId"', 1, true) == nil and status < 300 then
    return
  end
  last = now()
  if status >= 200 and status < 300 then
    if body:find('"processed"', 1, true) then processed = processed + 1 else other2xx = other2xx + 1 end
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local p, o, f, e = 0, 0, 0, 0
  local first, last = math.huge, 0
  for _, t in ipairs(threads) do
    first = math.min(first, t:get("first"))
    last = math.max(last, t:get("last"))
    p = p + t:get("processed")
    o = o + t:get("other2xx")
    f = f + t:get("failed")
    e = math.max(e, t:get("exhausted"))
  end
  local seconds = last - first
  io.write(string.format("deliveries_2xx=%d processed=%d other_2xx=%d errors=%d socket_errors=%d seconds=%.2f rate=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f pool_exhausted=%d\n",
    p + o, p, o, f, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    seconds, (p + o) / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, e))
end
