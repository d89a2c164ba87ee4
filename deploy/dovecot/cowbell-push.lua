-- cowbell-push.lua: tells Cowbell about each new mail, for its push notifications.
--
-- A Dovecot 2.3 push_notification Lua driver. For every message delivered (LMTP, after Sieve) it
-- POSTs one small JSON event to Cowbell's /ingest/dovecot: user, folder, UID, Message-ID, the raw
-- From, the subject, flags, keywords (cowbell-bulk.sieve's $CowbellBulk among them) and the folder's
-- unseen count. No body text is sent.
--
-- On mailcow: data/conf/dovecot/lua/cowbell-push.lua (mode 644; that directory is in mailcow's
-- .gitignore), loaded by the lines in Cowbell's README ("Push for new mail (Dovecot)") in
-- data/conf/dovecot/extra.conf, which also set cowbell_push_url and cowbell_push_secret.
--
-- Delivery waits for the POST (the HTTP client is synchronous): Cowbell answers at once, and a
-- Cowbell that is down or slow costs each delivery at most the 2 s timeout below. The mail is
-- delivered either way; a failed POST is a warning in Dovecot's log and the event is lost.

local client = nil

local ESC = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
local function jstr(s)
  if s == nil then return 'null' end
  s = tostring(s):gsub('[%c"\\]', function(c)
    return ESC[c] or string.format('\\u%04x', c:byte())
  end)
  return '"' .. s .. '"'
end
local function jint(n)
  if n == nil then return 'null' end
  return string.format('%d', math.floor(n))
end
local function jarr(t)
  local out = {}
  for i, v in ipairs(t or {}) do out[i] = jstr(v) end
  return '[' .. table.concat(out, ',') .. ']'
end

function script_init()
  -- Keys are Dovecot's http_client settings; unknown keys are silently ignored.
  client = dovecot.http.client({
    -- The whole request, connecting included, inside 2 s: the default is 60 s, all of it spent
    -- inside the delivery.
    request_absolute_timeout_msecs = 2000,
    request_timeout_msecs = 2000,
    max_attempts = 1,
    user_agent = 'dovecot-cowbell-push',
  })
  return 0 -- Dovecot 2.3 drops the driver when script_init returns anything but a number
end

function dovecot_lua_notify_begin_txn(user)
  -- The event has no user field: the user comes from here.
  return {
    user = user,
    url = user:plugin_getenv('cowbell_push_url'),
    secret = user:plugin_getenv('cowbell_push_secret'),
    bodies = {},
  }
end

function dovecot_lua_notify_event_message_new(ctx, ev)
  local unseen = nil
  local ok, err = pcall(function()
    -- A fresh, synced instance of the folder: the open one is inside the delivery's transaction.
    local box = ctx.user:mailbox(ev.mailbox)
    box:sync()
    unseen = box:status(dovecot.storage.STATUS_UNSEEN).unseen
    box:free()
  end)
  if not ok then dovecot.i_warning('cowbell-push: unseen count of ' .. tostring(ev.mailbox) .. ': ' .. tostring(err)) end
  table.insert(ctx.bodies, '{' .. table.concat({
    '"event":"MessageNew"',
    '"user":' .. jstr(ctx.user.username),
    '"folder":' .. jstr(ev.mailbox),
    '"uid":' .. jint(ev.uid),
    '"uidvalidity":' .. jint(ev.uid_validity),
    '"messageId":' .. jstr(ev.message_id),
    '"from":' .. jstr(ev.from),
    '"subject":' .. jstr(ev.subject),
    '"flags":' .. jarr(ev.flags),
    '"keywords":' .. jarr(ev.keywords),
    '"unseen":' .. jint(unseen),
  }, ',') .. '}')
end

local function post(ctx, body)
  local rq = client:request({ url = ctx.url, method = 'POST' })
  rq:add_header('Content-Type', 'application/json')
  -- A fresh connection per event. Dovecot sends the body after "Expect: 100-continue" and keeps
  -- connections for the next delivery of the same process; when an answer came before the body
  -- was read (a refusal, a 404), that next POST on the old connection hung until the timeout.
  rq:add_header('Connection', 'close')
  rq:add_header('Authorization', 'Bearer ' .. ctx.secret)
  rq:set_payload(body)
  return rq:submit():status() -- 9000 and up: Dovecot's own failures (9003 refused, 9008 timed out)
end

function dovecot_lua_notify_end_txn(ctx, success)
  if not success or #ctx.bodies == 0 then return end
  if ctx.url == nil or ctx.url == '' or ctx.secret == nil or ctx.secret == '' then
    dovecot.i_warning('cowbell-push: cowbell_push_url or cowbell_push_secret is not set; nothing sent')
    return
  end
  for _, body in ipairs(ctx.bodies) do
    local ok, code = pcall(post, ctx, body)
    if not ok then
      dovecot.i_warning('cowbell-push: POST ' .. ctx.url .. ' failed: ' .. tostring(code))
    elseif code < 200 or code >= 300 then
      dovecot.i_warning('cowbell-push: POST ' .. ctx.url .. ' -> ' .. tostring(code))
    end
  end
end
