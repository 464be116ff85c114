-- wrk script: POSTs one JSON body read from a file, counts responses that are not 2xx, and prints
-- one machine-readable summary line that load.sh picks up.
--   wrk -s post.lua URL -- BODY_FILE
-- Extra headers come from wrk's -H flags (they are in wrk.headers before init runs).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local path = args[1]
  if path == nil then error("post.lua: give the body file after --") end
  local file = assert(io.open(path, "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.method = "POST"
  local typed = false
  for name, _ in pairs(wrk.headers) do
    if string.lower(name) == "content-type" then typed = true end
  end
  if not typed then wrk.headers["Content-Type"] = "application/json" end
  -- per-thread counters, read back in done() through thread:get
  non2xx = 0
  first_status = ""
end

-- wrk only counts statuses > 399 itself; a 3xx or 1xx is as wrong here as a 5xx.
function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_status == "" then first_status = tostring(status) end
  end
end

function done(summary, latency, requests)
  local bad, first = 0, ""
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
    local status = thread:get("first_status")
    if first == "" and status ~= nil and status ~= "" then first = status end
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local function ms(us) return us / 1000.0 end
  io.write(string.format(
    "WRK rps=%.1f ok_rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f requests=%d non2xx=%d " ..
    "errors=%d timeouts=%d duration_s=%.2f first_non2xx=%s\n",
    summary.requests / seconds, (summary.requests - bad) / seconds,
    ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)), ms(latency.max),
    summary.requests, bad, e.connect + e.read + e.write + e.timeout, e.timeout, seconds,
    first == "" and "none" or first))
end
