-- wrk script: POST Gatekeeper ProviderRequests to /ratify/gatekeeper/v1/verify over keep-alive.
-- KEYS (environment) is a comma-separated key list; every request carries all of them.
-- Counts responses whose body is not a well-formed answer (no "items") as errors.
local keys = os.getenv("KEYS") or error("set KEYS")
local list = {}
for k in string.gmatch(keys, "[^,]+") do
  list[#list + 1] = '"' .. k .. '"'
end
wrk.method = "POST"
wrk.path = "/ratify/gatekeeper/v1/verify"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"apiVersion":"externaldata.gatekeeper.sh/v1beta1","kind":"ProviderRequest","request":{"keys":['
  .. table.concat(list, ",") .. ']}}'

local bad = 0
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"items"', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("keys/request=%d requests=%d bad=%d\n", #list, summary.requests, bad))
  io.write(string.format("p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
