-- wrk script: cycle through the requests in the file named by WRK_REQUESTS (one per line:
-- "GET <path>" or "POST <path> <json body>"); report p50/p95/p99 and errors as JSON.
local requests = {}
local counter = 0

function init(args)
  local file = io.open(os.getenv("WRK_REQUESTS"), "r")
  for line in file:lines() do
    local method, path, body = line:match("^(%u+) (%S+) ?(.*)$")
    local headers = {}
    if method == "POST" then
      headers["Content-Type"] = "application/json"
      headers["X-API-Key"] = os.getenv("WRK_API_KEY")
    end
    table.insert(requests, wrk.format(method, path, headers, body ~= "" and body or nil))
  end
  file:close()
  counter = math.random(#requests)
end

function request()
  counter = counter % #requests + 1
  return requests[counter]
end

function done(summary, latency, requests_)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
                 + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.2f, "rps": %.1f, "p50_ms": %.1f, "p95_ms": %.1f, '
    .. '"p99_ms": %.1f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors))
end
