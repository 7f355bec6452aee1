-- wrk script: the raw registry side of the uncached figure. Replays, in a cycle, the registry
-- requests one uncached verification makes, as BenchServer read them from the registry's access
-- log (SEQUENCE: a file of "METHOD PATH" lines). Prints complete sequences per second, so
-- uncached verifications/s divided by it is the ratio asked for.
local file = os.getenv("SEQUENCE") or error("set SEQUENCE")
local seq = {}
for line in io.lines(file) do
  local method, path = string.match(line, "^(%u+) (%S+)$")
  if method then
    seq[#seq + 1] = { method = method, path = path }
  end
end
if #seq == 0 then
  error("no requests in " .. file)
end
-- the Accept list a store sends for manifests; the index of the tag schema asks for an index
local accept = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
  .. "application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json"

local i = 0
function request()
  i = i % #seq + 1
  local r = seq[i]
  -- wrk cannot read HEAD answers (it waits for the body Content-Length announces): a HEAD of a
  -- manifest is replayed as GET of it, a few hundred bytes more on the wire
  local method = r.method == "HEAD" and "GET" or r.method
  return wrk.format(method, r.path, { ["Accept"] = accept })
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("sequence: %d requests per verification\n", #seq))
  for _, r in ipairs(seq) do
    io.write("  " .. r.method .. " " .. r.path .. "\n")
  end
  io.write(string.format("raw requests/s=%.1f\n", summary.requests / seconds))
  io.write(string.format("raw request sequences/s=%.1f\n", summary.requests / #seq / seconds))
end
