-- wrk script: POST Gatekeeper ProviderRequests to /ratify/gatekeeper/v1/verify over keep-alive.
-- KEYS (environment) is a comma-separated key list; every request carries all of them.
-- Counts responses whose body is not a well-formed answer (no "items") as errors.
-- UNIQUE=1 gives every key of every request its own [namespace] prefix, so no two verifications
-- are the same one: none is answered by another's result (cache or single flight).
local keys = os.getenv("KEYS") or error("set KEYS")
local unique = os.getenv("UNIQUE") == "1"
local list = {}
for k in string.gmatch(keys, "[^,]+") do
  list[#list + 1] = k
end
local function body(prefix)
  local quoted = {}
  for i, k in ipairs(list) do
    quoted[i] = '"' .. (prefix and ("[" .. prefix .. "-" .. i .. "]") or "") .. k .. '"'
  end
  return '{"apiVersion":"externaldata.gatekeeper.sh/v1beta1","kind":"ProviderRequest","request":{"keys":['
    .. table.concat(quoted, ",") .. ']}}'
end
wrk.method = "POST"
wrk.path = "/ratify/gatekeeper/v1/verify"
wrk.headers["Content-Type"] = "application/json"
wrk.body = body(nil)

-- response() runs in each thread's Lua state and done() in another: the count is a global of each
-- thread, summed through the thread handles setup() keeps
bad = 0
local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("id", #threads)
end

local sent = 0
if unique then
  function request()
    sent = sent + 1
    return wrk.format(nil, nil, nil, body("u" .. id .. "-" .. sent))
  end
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"items"', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local bad_total = 0
  for _, t in ipairs(threads) do
    bad_total = bad_total + t:get("bad")
  end
  io.write(string.format("keys/request=%d requests=%d bad=%d\n", #list, summary.requests, bad_total))
  io.write(string.format("verifications/s=%.1f\n", summary.requests * #list / (summary.duration / 1e6)))
  io.write(string.format("p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
