-- wrk script for the upload benchmark: POSTs BENCH_UPLOAD_BYTES bytes (default 50 MiB) with a
-- Content-Length, the way a browser uploads a file. wrk builds the request once and rewrites it for
-- every request, so the client's cost per byte stays small and equal for every target.
local bytes = tonumber(os.getenv("BENCH_UPLOAD_BYTES") or "52428800")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/octet-stream"
wrk.body = string.rep("u", bytes)

dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
