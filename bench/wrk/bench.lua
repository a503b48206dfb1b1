-- bench/wrk/bench.lua — the one wrk script of bench/bench.sh. The request is fixed per
-- run and built once (no request() function: wrk keeps its fast path), from:
--   BENCH_COOKIE  Cookie header (the logged-in scenarios: tj_session=...; tj_csrf=...)
--   BENCH_METHOD  GET (default) or POST
--   BENCH_BODY    the POST body (an inspection application with its _csrf token)
-- done() prints one machine-readable line for bench.sh:
--   BENCH requests duration_us p50_us p99_us connect read write status timeout
local cookie = os.getenv("BENCH_COOKIE")
local method = os.getenv("BENCH_METHOD")
local body = os.getenv("BENCH_BODY")

if cookie and cookie ~= "" then
   wrk.headers["Cookie"] = cookie
end
if method and method ~= "" then
   wrk.method = method
end
if body and body ~= "" then
   wrk.body = body
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("BENCH %d %d %d %d %d %d %d %d %d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      e.connect, e.read, e.write, e.status, e.timeout))
end
