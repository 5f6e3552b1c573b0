-- Anonymous feedback with a unique message per request; counts 201s per thread.
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  marker = args[1] or "bench"
  counter = 0
  created = 0
  other = 0
end
function request()
  counter = counter + 1
  local body = '{"message":"' .. marker .. ' ' .. tid .. '-' .. counter .. '","page":"/bench"}'
  return wrk.format("POST", "/api/autopilot/feedback", {["Content-Type"] = "application/json"}, body)
end
function response(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
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
