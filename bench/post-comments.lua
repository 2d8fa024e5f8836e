-- wrk script for bench/load.sh: signed-in readers post comments through
-- the JSON API, POST /api/v1/articles/{slug}/comments.
--
-- wrk runs Lua per thread, not per connection, so load.sh runs this with as
-- many threads as connections (-t32 -c32): each connection then sends the
-- session cookie and CSRF token of a reader of its own. Readers come from
-- the file named by BENCH_SESSIONS (one "session-token csrf-token" a line,
-- as bench/seed writes it); the article from BENCH_SLUG. With
-- BENCH_READERS_PER_CONNECTION=K, each connection posts for K readers of
-- its own in turn, as a site's many readers each post now and then. BENCH_RUN, if set,
-- goes into every comment's number, for runs that share a database.
--
-- Only 201 Created counts as accepted. Every other answer is counted as
-- refused, and the first one is shown.
--
-- With BENCH_READ_PATH set, the run is mixed: every BENCH_WRITE_EVERY-th
-- request (default 20, so 5 %) posts a comment and the others read that
-- path, and wrk's own requests/s and status counts stand for the run.

local readers = {}
local threads = {}
-- How many readers each connection posts for, in turn (default 1).
local per_connection = tonumber(os.getenv("BENCH_READERS_PER_CONNECTION") or "1")

local function load_readers()
  local path = os.getenv("BENCH_SESSIONS") or error("BENCH_SESSIONS is not set")
  for line in io.lines(path) do
    local token, csrf = line:match("^(%S+) (%S+)$")
    if token then
      readers[#readers + 1] = { token = token, csrf = csrf }
    end
  end
end

function setup(thread)
  if #readers == 0 then
    load_readers()
  end
  local n = #threads + 1
  local first, last = (n - 1) * per_connection + 1, n * per_connection
  if last > #readers then
    error(string.format("%d threads of %d readers each, but only %d signed-in readers", n, per_connection, #readers))
  end
  local tokens, csrfs = {}, {}
  for i = first, last do
    tokens[#tokens + 1] = readers[i].token
    csrfs[#csrfs + 1] = readers[i].csrf
  end
  thread:set("reader", n)
  thread:set("tokens", table.concat(tokens, " "))
  thread:set("csrfs", table.concat(csrfs, " "))
  threads[n] = thread
end

-- Comments of ordinary length (about 50 words), in English, in Urdu, or both.
-- Each is sent with a number of its own, so none is held as a repeat and
-- the posting run measures comments that are published.
local bodies = {
  "The minimum flow figures look reasonable on paper, but the real test comes in the first dry August. "
    .. "My family has farmed below Varn Crossing for three generations, and we have heard promises like this "
    .. "before. Still, reopening the bridge matters more to the market towns than anything in the annexes.",
  "یہ معاہدہ کاغذ پر اچھا لگتا ہے، لیکن اصل امتحان گرمیوں میں ہوگا جب دریا میں پانی کم ہو جائے گا۔ "
    .. "کسانوں سے کسی نے مشورہ نہیں کیا، حالانکہ سب سے زیادہ نقصان انہی کا ہوا تھا۔ "
    .. "حکومت کو چاہیے کہ پانی کی پیمائش کے اعداد و شمار ہر مہینے عوام کے سامنے رکھے۔",
  "Who actually reads the gauge, and what happens when the two readings disagree? The review mechanism "
    .. "sounds thin, because a monthly reading is a long time in a heatwave. I would like to see the full text "
    .. "of the six annexes published, not just a summary for the press.",
  "پل دوبارہ کھلنے سے بازاروں میں رونق واپس آئے گی اور دونوں کناروں کے لوگ پھر سے مل سکیں گے۔ "
    .. "ہمارے گاؤں میں پچھلے سال آدھے کنویں سوکھ گئے تھے، اس لیے ہر قطرہ قیمتی ہے۔ "
    .. "Thank you for a report that mentions the people downstream and not only the ministers.",
}

function init(args)
  accepted, published, refused, server_errors, first_refusal = 0, 0, 0, 0, ""
  local slug = os.getenv("BENCH_SLUG") or error("BENCH_SLUG is not set")
  post_path = "/api/v1/articles/" .. slug .. "/comments"
  -- Each of this connection's readers' headers, used in turn.
  post_headers = {}
  local csrf_list = {}
  for csrf in string.gmatch(csrfs, "%S+") do
    csrf_list[#csrf_list + 1] = csrf
  end
  for token in string.gmatch(tokens, "%S+") do
    post_headers[#post_headers + 1] = {
      ["Content-Type"] = "application/json",
      ["Cookie"] = "byline_session=" .. token,
      ["x-csrf-token"] = csrf_list[#post_headers + 1],
    }
  end
  sent = 0
  local read_path = os.getenv("BENCH_READ_PATH")
  write_every = tonumber(os.getenv("BENCH_WRITE_EVERY") or "20")
  read_request = read_path and wrk.format("GET", read_path) or nil
  posted = 0
  -- Runs against the same database tag their comments apart, so a later
  -- run's texts are not repeats of an earlier one's.
  run_tag = os.getenv("BENCH_RUN") or ""
end

function request()
  sent = sent + 1
  if read_request and sent % write_every ~= 0 then
    return read_request
  end
  posted = posted + 1
  local text = bodies[posted % #bodies + 1] .. " (" .. run_tag .. reader .. "." .. posted .. ")"
  local headers = post_headers[posted % #post_headers + 1]
  return wrk.format("POST", post_path, headers, '{"body":"' .. text .. '"}')
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
  if status == 201 then
    accepted = accepted + 1
    if body and string.find(body, '"status":"published"', 1, true) then
      published = published + 1
    end
  elseif status ~= 200 or not read_request then
    refused = refused + 1
    if first_refusal == "" then
      first_refusal = status .. " " .. string.sub(body or "", 1, 200)
    end
  end
end

function done(summary, latency, requests)
  local ok, shown, bad, failed, first = 0, 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("accepted")
    shown = shown + thread:get("published")
    bad = bad + thread:get("refused")
    failed = failed + thread:get("server_errors")
    if first == "" then
      first = thread:get("first_refusal")
    end
  end
  if os.getenv("BENCH_READ_PATH") then
    io.write(string.format("Posted (201) in the mix: %d, refused: %d\n", ok, bad))
  else
    io.write(string.format("Accepted (201): %d\n", ok))
    io.write(string.format("Accepted/sec: %.2f\n", ok / (summary.duration / 1e6)))
    io.write(string.format("Published at once: %d\n", shown))
    io.write(string.format("Refused (not 201): %d\n", bad))
  end
  io.write(string.format("Server errors (5xx): %d\n", failed))
  if first ~= "" then
    io.write("First refusal: " .. first .. "\n")
  end
end
