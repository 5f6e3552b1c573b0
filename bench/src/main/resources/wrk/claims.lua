-- Runner claims until the queue is empty: each connection stops at its first non-200
-- (204 = nothing ready). Args: the Authorization header value.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  auth = args[1]
  claimed = 0
  other = 0
end
function request()
  return wrk.format("POST", "/api/autopilot/runner/claims",
    {["Content-Type"] = "application/json", ["Authorization"] = auth},
    '{"runner_id":"bench","lease_seconds":600}')
end
function response(status, headers, body)
  if status == 200 then
    claimed = claimed + 1
  else
    other = other + 1
    wrk.thread:stop()
  end
end
function done(summary, latency, requests)
  local c, o = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("claimed")
    o = o + t:get("other")
  end
  io.write(string.format("claimed=%d other=%d\n", c, o))
end
