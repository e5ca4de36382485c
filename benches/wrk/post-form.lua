-- wrk script: POST a form body read from the environment (WRK_BODY), with an optional
-- Authorization header (WRK_AUTH). wrk itself reports "Non-2xx or 3xx responses".
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local auth = os.getenv("WRK_AUTH")
if auth ~= nil and auth ~= "" then
  wrk.headers["Authorization"] = auth
end
