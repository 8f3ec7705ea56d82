-- wrk script for bench/webhook-bench.sh: each wrk thread sends its own slice of the pre-signed
-- deliveries (one unique delivery per request, never a repeat) and counts what came back.
-- Arguments after "--": deliveries file, number of wrk threads.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
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
  idle = wrk.format("GET", "/observe/health/live")
end

function request()
  sent = sent + 1
  if sent > #reqs then
    -- the pool ran out before the time did: keep the connection busy without a delivery
    exhausted = 1
    return idle
  end
  return reqs[sent]
end

function response(status, headers, body)
  if body:find('"deliveryId"', 1, true) == nil and status < 300 then
    return
  end
  if status >= 200 and status < 300 then
    if body:find('"processed"', 1, true) then processed = processed + 1 else other2xx = other2xx + 1 end
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local p, o, f, e = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    p = p + t:get("processed")
    o = o + t:get("other2xx")
    f = f + t:get("failed")
    e = math.max(e, t:get("exhausted"))
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("deliveries_2xx=%d processed=%d other_2xx=%d errors=%d socket_errors=%d seconds=%.2f rate=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f pool_exhausted=%d\n",
    p + o, p, o, f, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    seconds, (p + o) / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, e))
end
