-- Sentry envelopes with a unique event id each, spread over a few error groups; counts 200s.
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  project = args[1]
  key = args[2]
  marker = args[3]
  groups = tonumber(args[4] or "10")
  counter = 0
  created = 0
  other = 0
end
function request()
  counter = counter + 1
  -- marker: 8 hex digits unique to this run, so no id repeats one of an earlier run
  local id = string.format("%s%08x%016x", marker, tid, counter)
  local event = '{"event_id":"' .. id .. '","level":"error","release":"bench@1",'
    .. '"exception":{"values":[{"type":"BenchError' .. (counter % groups) .. '","value":"'
    .. marker .. '","stacktrace":{"frames":[{"module":"bench.App","function":"run","in_app":true}]}}]}}'
  local body = '{"event_id":"' .. id .. '"}\n{"type":"event"}\n' .. event .. '\n'
  return wrk.format("POST", "/api/" .. project .. "/envelope/",
    {["Content-Type"] = "application/x-sentry-envelope",
     ["X-Sentry-Auth"] = "Sentry sentry_version=7, sentry_key=" .. key}, body)
end
function response(status, headers, body)
  if status == 200 then created = created + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local c, o = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("other")
  end
  io.write(string.format("created=%d other=%d\n", c, o))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%s=%.3f\n", p, latency:percentile(p) / 1000.0))
  end
end
