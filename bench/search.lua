-- wrk script for bench/search.sh: each request searches for the next of a
-- set of queries (English, Urdu, Arabic; one word, two, a word typed with
-- the other script's letters, a filter, and words no story holds), so the
-- run measures the mix rather than one cached plan.
local queries = {
  "river", "accord+flow", "aquifer", "irrigation+cooperatives", "bridge+market",
  "%D8%AF%D8%B1%DB%8C%D8%A7",                               -- دریا
  "%D9%BE%D8%A7%D9%86%DB%8C+%DA%A9%D8%B3%D8%A7%D9%86%D9%88%DA%BA", -- پانی کسانوں
  "%D9%BE%D8%A7%D9%86%D9%8A",                               -- پاني (Arabic yeh)
  "%D8%A7%D9%84%D9%85%D9%83%D8%AA%D8%A8%D8%A9",             -- المكتبة
  "%D9%85%D8%AE%D8%B7%D9%88%D8%B7%D8%A9",                   -- مخطوطة
  "river&section=world", "gauge&from=2020-01-01",
  "zzyzx+quux",
}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/search?q=" .. queries[(n % #queries) + 1])
end
