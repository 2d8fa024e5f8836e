# بائی لائن کا انٹرفیس، اردو میں۔
#
# ہر پیغام en.ftl کے پیغام کے مطابق ہے۔ اردو کی جمع کی دو صورتیں ہیں:
# one اور other۔

## تاریخیں

moment-utc = { $moment }، عالمی وقت

## ہر صفحے کا ڈھانچا

skip-to-content = مواد پر جائیں
nav-sections = حصے
nav-account = اکاؤنٹ
signed-in-as = { $name } کے طور پر داخل
nav-desk = ڈیسک
nav-moderation = نگرانی
nav-admin = انتظام
sign-in = داخل ہوں
sign-out = لاگ آؤٹ کریں
create-account = اکاؤنٹ بنائیں
footer-sitemap = سائٹ کا نقشہ
feed-comments-title = { $site } · تبصرے
feed-story-comments-title = { $site } · { $headline } پر تبصرے
go-to-front-page = سرورق پر جائیں

## مسائل

problem-not-found = صفحہ نہیں ملا
problem-unauthorized = پہلے داخل ہوں
problem-forbidden = اجازت نہیں
problem-method = یہ کام یہاں نہیں ہو سکتا
problem-timeout = بہت دیر ہو گئی
problem-conflict = ابھی ممکن نہیں
problem-too-large = بھیجنے کو بہت زیادہ ہے
problem-not-accepted = قبول نہیں ہوا
problem-too-many = بہت زیادہ کوششیں
problem-internal = کچھ غلط ہو گیا
problem-bad-request = یہ درخواست سمجھ میں نہیں آئی
problem-message-not_found = اس پتے پر کوئی صفحہ نہیں ہے۔ ہو سکتا ہے یہ کہیں اور منتقل ہو گیا ہو، یا ربط غلط لکھا گیا ہو۔
problem-message-forbidden = آپ کو یہ کرنے کی اجازت نہیں ہے۔ اگر آپ کسی دوسری سائٹ کے ربط سے آئے ہیں تو یہیں کا صفحہ کھول کر دوبارہ کوشش کریں۔
problem-message-too_fast = بہت زیادہ کوششیں ہو چکی ہیں۔ ذرا ٹھہر کر دوبارہ کوشش کریں۔
problem-message-internal = ہماری طرف کچھ گڑبڑ ہو گئی۔ ذرا دیر بعد دوبارہ کوشش کریں۔

## خبروں کی فہرستیں

lead-story = سب سے اہم خبر
featured-comments = منتخب تبصرے
comment-on = { $author }، { $article } پر
latest = تازہ ترین
older-stories = پرانی خبریں
more-stories = مزید خبریں
no-stories-yet = ابھی کوئی خبر نہیں۔
no-stories-here = یہاں ابھی کوئی خبر نہیں۔
edit-this-page = یہ صفحہ بدلیں
featured-content = منتخب مواد
card-comments = { $count ->
    [one] { $count } تبصرہ
   *[other] { $count } تبصرے
}

## خبر

byline-by = تحریر:
# Between the names of a list (bylines), and before a note's date.
list-comma = {"، "}
byline-and = {" "}اور{" "}
story-updated = تازہ کاری:
external-story = یہ کسی دوسری سائٹ پر شائع ہونے والی خبر پر گفتگو ہے۔
read-the-story = خبر پڑھیں
story-notes = تصحیحات اور تازہ کاریاں
note-correction = تصحیح
note-update = تازہ کاری
story-tags = موضوعات

## تبصروں کا حصہ

comments-heading = تبصرے
call-to-comment = اس بارے میں آپ کی کیا رائے ہے؟ نیچے تبصروں میں بتائیں۔
moderate-discussion = اس گفتگو کی نگرانی کریں
comments-closed = اس خبر پر تبصرے بند ہیں۔
join = گفتگو میں شامل ہونے کے لیے { $signin } یا { $signup }۔
    .signin = داخل ہوں
    .signup = اکاؤنٹ بنائیں
join-framed = گفتگو میں شامل ہونے کے لیے { $signin }۔
    .signin = داخل ہوں یا اکاؤنٹ بنائیں
join-or-guest = گفتگو میں شامل ہونے کے لیے { $signin } یا { $signup }، یا { $guest }۔
    .signin = داخل ہوں
    .signup = اکاؤنٹ بنائیں
    .guest = مہمان کے طور پر تبصرہ کریں
join-or-guest-framed = گفتگو میں شامل ہونے کے لیے { $signin }، یا { $guest }۔
    .signin = داخل ہوں یا اکاؤنٹ بنائیں
    .guest = مہمان کے طور پر تبصرہ کریں
confirm-email-to-join = گفتگو میں شامل ہونے کے لیے اپنے ای میل پتے کی تصدیق کریں ({ $account } دیکھیں)۔
    .account = اپنا اکاؤنٹ
suspended-until = ایک نگران نے آپ کا اکاؤنٹ { $until } تک معطل کر دیا ہے: تب تک آپ گفتگو پڑھ سکتے ہیں مگر اس میں حصہ نہیں لے سکتے۔
commenting-closed-to-you = ایک نگران نے آپ کے اکاؤنٹ کے لیے تبصرے بند کر دیے ہیں۔
comments-premoderated = اس خبر پر تبصرے شائع ہونے سے پہلے ایک نگران دیکھتا ہے۔
your-comment = آپ کا تبصرہ
markdown-hint = مارک ڈاؤن چلتا ہے: **موٹا**، _ترچھا_، [ربط](https://example.org)، > اقتباس، فہرستیں اور `کوڈ`۔
preview = پیش منظر
post-comment = تبصرہ بھیجیں
featured = منتخب
see-in-discussion = گفتگو میں دیکھیں
sort-comments = تبصروں کی ترتیب
sort = ترتیب:
sort-oldest = پرانے پہلے
sort-newest = نئے پہلے
sort-voted = سب سے زیادہ ووٹ
thread-rest = ایک لمبی گفتگو کا باقی حصہ۔
back-to-discussion = گفتگو پر واپس جائیں
no-comments = ابھی کوئی تبصرہ نہیں۔
more-replies = اس گفتگو میں مزید جوابات
more-comments = مزید تبصرے

## ایک تبصرہ

guest = مہمان
edited = ترمیم شدہ
deleted-user = حذف شدہ صارف
votes = { $count ->
    [one] { $count } ووٹ
   *[other] { $count } ووٹ
}
awaiting-review = جائزے کا منتظر: اسے صرف آپ دیکھ سکتے ہیں
not-published = شائع نہیں ہوا: اسے صرف آپ دیکھ سکتے ہیں
in-reply-to = { $name } کے جواب میں
comment-deleted = یہ تبصرہ حذف کر دیا گیا۔
comment-removed = یہ تبصرہ ایک نگران نے ہٹا دیا۔
comment-concealed = یہ تبصرہ نہیں دکھایا جا رہا۔
vote = ووٹ دیں
voted = ووٹ دیا
flag = رپورٹ کریں
flag-why = نگران اسے کیوں دیکھے؟
flag-reason-abuse = توہین آمیز یا نفرت انگیز
flag-reason-spam = اسپام یا اشتہار
flag-reason-off-topic = موضوع سے ہٹ کر
flag-reason-misinformation = غلط یا گمراہ کن
flag-reason-other = کچھ اور
send-flag = رپورٹ بھیجیں
edit = ترمیم
delete = حذف کریں
feature = نمایاں کریں
unfeature = نمایاں نہ رکھیں
appeal = اپیل
appeal-why = نگران اسے دوبارہ کیوں پڑھے؟ آپ ایک ہی بار اپیل کر سکتے ہیں۔
send-appeal = اپیل بھیجیں
reply = جواب دیں
your-reply-to = { $name } کو آپ کا جواب
post-reply = جواب بھیجیں

## زبان کا انتخاب

language-name = اردو
language-heading = زبان
language-legend = سائٹ کے مینو، بٹنوں اور پیغامات کی زبان
language-follow-page = ہر صفحے کی اپنی زبان
language-save = زبان محفوظ کریں
language-saved = آپ کی منتخب زبان محفوظ ہو گئی۔

## تلاش

search-heading = تلاش
search-title = تلاش: { $q }
search-description = { $site } کی خبروں میں تلاش کریں۔
search-words = کیا تلاش کریں
search-section = حصہ
search-any-section = کوئی بھی حصہ
search-from = اس تاریخ سے شائع شدہ
search-to = اس تاریخ تک شائع شدہ
search-button = تلاش کریں
search-results-for = “{ $name }” والی خبریں
search-nothing = کسی شائع شدہ خبر میں یہ سب الفاظ نہیں ملے۔ کم الفاظ یا کوئی اور املا آزمائیں۔
search-more = مزید نتائج
search-bad-date = تاریخ اسی طرح لکھیں جیسے تاریخ کے خانے لکھتے ہیں: سال، مہینہ اور دن۔
search-bad-page = نتائج کا یہ صفحہ موجود نہیں۔ پہلے صفحے سے دوبارہ شروع کریں۔

## رنگوں کا انتخاب

theme-heading = رنگ
theme-legend = سائٹ کن رنگوں میں دکھائی جائے
theme-system = جیسے میرا آلہ کہے (روشن یا گہرا)
theme-light = روشن
theme-dark = گہرا
theme-save = رنگ محفوظ کریں
theme-saved = آپ کے منتخب رنگ محفوظ ہو گئے۔

## فہرستیں

tagged = موضوع: { $tag }
list-description = { $list }: { $site } کی تازہ ترین خبریں۔

## کتنی دیر پہلے (صرف ایک فرد کے لیے بنے صفحات پر)

ago-now = ابھی
ago-minutes = { $count ->
    [one] ایک منٹ پہلے
   *[other] { $count } منٹ پہلے
}
ago-hours = { $count ->
    [one] ایک گھنٹہ پہلے
   *[other] { $count } گھنٹے پہلے
}
ago-days = { $count ->
    [one] ایک دن پہلے
   *[other] { $count } دن پہلے
}

## نگرانوں کی میز

mod-queue = قطار
mod-people = لوگ
mod-dashboard = ڈیش بورڈ
mod-counts = منتظر: { $pending } · رپورٹ شدہ: { $flagged }
mod-keys = کلیدیں:
mod-key-next = اگلا
mod-key-previous = پچھلا
mod-key-approve = منظور
mod-key-feature = منظور اور نمایاں
mod-key-reject = چنی ہوئی وجہ سے مسترد
mod-key-spam = اسپام
mod-key-choose = چنیں
mod-key-number = اس نمبر کی وجہ سے مسترد۔
mod-keys-chosen = جب تبصرے چنے ہوں تو فیصلہ ان سب پر ہوتا ہے۔
mod-tab-pending = منتظر
mod-tab-flagged = رپورٹ شدہ
mod-tab-spam = اسپام
mod-tab-rejected = مسترد
mod-tab-all = سب
mod-only-article = صرف { $article } پر تبصرے۔
mod-every-article = تمام خبریں
mod-single = ایک تبصرہ، جیسا قطار میں دکھتا ہے۔
mod-nothing = یہاں کچھ نہیں۔
mod-chosen-legend = چنے ہوئے تبصرے
mod-approve = منظور کریں
mod-feature = منظور اور نمایاں کریں
mod-reason = وجہ
mod-choose-why = وجہ چنیں…
mod-reject = مسترد کریں
mod-spam = اسپام
mod-ask-reason = مسترد کرنے کی وجہ چنیں: ایک سے { $most } تک کوئی نمبر دبائیں، یا فہرست سے وجہ چنیں۔
mod-js-chosen = چنا گیا۔
mod-js-not-chosen = نہیں چنا گیا۔
mod-js-in-all = کل چنے ہوئے: { $count }۔
mod-choose-comment = { $name } کا تبصرہ نمبر { $number } چنیں
mod-on-article = { $article } پر
mod-this-article-only = (صرف یہ خبر)
mod-in-reply-to = جواب میں:
mod-appeal = اپیل:
mod-why-here = یہ یہاں کیوں ہے
mod-flagged-by = { $count ->
    [one] ایک قاری نے رپورٹ کیا:
   *[other] { $count } قارئین نے رپورٹ کیا:
}
mod-flag-by = { $name } کی طرف سے
mod-joined = شمولیت: { $until }۔
mod-author-record = شائع: { $published }۔ مسترد: { $refused }۔
mod-full-history = پورا ریکارڈ
mod-recent = ان کے دوسرے تازہ تبصرے
mod-suspend-or-ban = { $name } کو معطل کریں یا پابندی لگائیں
mod-days = دن
mod-why = وجہ
mod-why-optional = وجہ (اختیاری)
mod-suspend-sure = ہاں، { $name } کو ان دنوں تبصرہ کرنے سے روکیں
mod-suspend = لکھنے والے کو معطل کریں
mod-ban-sure = ہاں، { $name } پر پابندی لگائیں جب تک کوئی نگران واپس نہ آنے دے
mod-ban = لکھنے والے پر پابندی لگائیں
mod-author-suspended = لکھنے والا معطل ہے۔
mod-author-banned = لکھنے والے پر پابندی ہے۔
mod-restore = انہیں دوبارہ تبصرہ کرنے دیں
mod-author-staff = لکھنے والا عملے کا رکن ہے: ان کا کردار منتظم بدلتا ہے؛ عملہ معطل یا پابند نہیں ہوتا۔
mod-done-approve = منظور: تبصرہ شائع ہو گیا۔
mod-done-feature = منظور اور نمایاں: تبصرہ مدیروں کے انتخاب میں شائع ہو گیا۔
mod-done-reject = مسترد: لکھنے والا دیکھے گا کہ یہ شائع نہیں ہوا۔
mod-done-spam = اسپام قرار دیا گیا۔
mod-done-stale = اس تبصرے کا فیصلہ کسی اور نے پہلے کر دیا۔
mod-done-none = کوئی تبصرہ نہیں چنا گیا۔
mod-done-approve-many = { $count ->
    [one] ایک تبصرہ منظور کیا گیا۔
   *[other] { $count } تبصرے منظور کیے گئے۔
}
mod-done-feature-many = { $count ->
    [one] ایک تبصرہ منظور اور نمایاں کیا گیا۔
   *[other] { $count } تبصرے منظور اور نمایاں کیے گئے۔
}
mod-done-reject-many = { $count ->
    [one] ایک تبصرہ مسترد کیا گیا۔
   *[other] { $count } تبصرے مسترد کیے گئے۔
}
mod-done-spam-many = { $count ->
    [one] ایک تبصرہ اسپام قرار دیا گیا۔
   *[other] { $count } تبصرے اسپام قرار دیے گئے۔
}
mod-done-suspend = لکھنے والے کو معطل کر دیا گیا۔
mod-done-ban = لکھنے والے پر پابندی لگا دی گئی۔
mod-done-restore = لکھنے والا دوبارہ تبصرہ کر سکتا ہے۔
mod-done-reset-trust = ان کا اعتماد نئے سرے سے شروع ہوا: ان کے اگلے تبصرے نئے اکاؤنٹ کی طرح روکے جائیں گے۔
mod-done-not-reader = صرف قارئین معطل یا پابند کیے جا سکتے ہیں؛ عملے کا کردار بدلا جاتا ہے۔

# تبصرے کی حالت۔
status-waiting = منتظر
status-published = شائع
status-rejected = مسترد
status-spam = اسپام
status-withdrawn = واپس لیا گیا
status-removed = ہٹا دیا گیا

# وہ اصول جس نے تبصرہ روکا یا مسترد کیا، اور اس کا فیصلہ۔
rule-comment-mode = تبصروں کا طریقہ
rule-standing = اکاؤنٹ کی حیثیت
rule-trust = اعتماد
rule-word-list = الفاظ کی فہرست
rule-links = روابط
rule-repeated = دہرایا گیا متن
rule-spam = اسپام
rule-flags = رپورٹیں
rule-moderator = نگران
rule-other = اصول
verdict-noted = درج
verdict-held = روکا گیا
verdict-refused = مسترد

# نگران نے تبصرہ کیوں مسترد کیا۔
refusal-abuse = توہین آمیز یا نفرت انگیز
refusal-off-topic = موضوع سے ہٹ کر
refusal-misinformation = غلط یا گمراہ کن
refusal-personal = ذاتی معلومات
refusal-other = کسی اور طرح قواعد کے خلاف

# اصول نے کیا دیکھا، نگرانوں کے لیے۔
finding-closed = تبصرے بند ہیں
finding-premoderated = اس خبر پر ہر تبصرہ پہلے نگران دیکھتا ہے
finding-banned = لکھنے والے پر پابندی ہے
finding-suspended = لکھنے والا { $until } تک معطل ہے
finding-guest = مہمان کا تبصرہ
finding-new-account = نیا اکاؤنٹ (منظور شدہ تبصرے: { $needed } میں سے { $approved })
finding-low-trust = کم اعتماد (منظور: { $approved }، مسترد: { $rejected })
finding-listed = فہرست کا لفظ “{ $term }” ({ $how })
finding-listed-uncertain = فہرست کا لفظ “{ $term }” ({ $how })؛ فہرست میں مسترد کرنے کے لیے ہے، مگر مطابقت یقینی نہیں اس لیے روکا گیا
finding-as-written = جیسا لکھا ہے
finding-many-links = روابط: { $count } ({ $most } سے زیادہ)
finding-untrusted-link = ایسے اکاؤنٹ سے ربط جس پر ابھی اعتماد نہیں
finding-repeated = لکھنے والے نے یہی متن ابھی ابھی بھیجا تھا
finding-spam = اسپام اسکور { $score }: { $signals }
finding-flagged = { $count ->
    [one] ایک قاری نے رپورٹ کیا
   *[other] { $count } قارئین نے رپورٹ کیا
}
disguise-split-up = الگ الگ لکھے حروف
disguise-run-together = ملا کر لکھا لفظ یا ہیش ٹیگ
disguise-masked = چھپایا گیا حرف
disguise-stretched = کھینچے گئے حروف
disguise-symbols = حروف کی جگہ علامتیں
disguise-inflected = لفظ کی بدلی ہوئی شکل
disguise-prefixed = عربی حرفِ تعریف یا سابقہ
disguise-spelling = رومن اردو کا دوسرا ہجا
signal-pitch = اشتہاری جملے
signal-links = کئی روابط
signal-shouting = بڑے حروف میں چیخنا
signal-phone = فون نمبر
signal-repeated = ایک حرف بار بار
signal-bare-link = صرف ایک ربط

## انکار: کیا نہیں ہوا، اور کیوں

refused-too-fast = { $count ->
    [one] آپ بہت تیزی سے تبصرے کر رہے ہیں۔ براہِ کرم { $count } سیکنڈ رکیں اور پھر بھیجیں۔
   *[other] آپ بہت تیزی سے تبصرے کر رہے ہیں۔ براہِ کرم { $count } سیکنڈ رکیں اور پھر بھیجیں۔
}
refused-comment-too-long = تبصرے میں { $length } حروف ہیں؛ حد { $most } ہے۔
refused-edit-window-over = { $count ->
    [one] تبصرے شائع ہونے کے بعد { $count } منٹ تک بدلے جا سکتے ہیں؛ یہ وقت گزر چکا ہے۔
   *[other] تبصرے شائع ہونے کے بعد { $count } منٹ تک بدلے جا سکتے ہیں؛ یہ وقت گزر چکا ہے۔
}
refused-sign-in-locked = { $count ->
    [one] یہاں سے بہت سی ناکام کوششیں ہوئیں۔ { $count } منٹ بعد پاس ورڈ دوبارہ آزمائیں، یا نیچے سے ای میل پر داخلے کا ربط منگوائیں۔
   *[other] یہاں سے بہت سی ناکام کوششیں ہوئیں۔ { $count } منٹ بعد پاس ورڈ دوبارہ آزمائیں، یا نیچے سے ای میل پر داخلے کا ربط منگوائیں۔
}
refused-sign-in-again = { $count ->
    [one] آپ کے اکاؤنٹ کا کوئی پاس ورڈ نہیں: باہر نکلیں، ای میل کیے گئے ربط سے دوبارہ داخل ہوں، اور { $count } منٹ کے اندر پتہ بدلیں (یا پہلے پاس ورڈ بنا لیں)۔
   *[other] آپ کے اکاؤنٹ کا کوئی پاس ورڈ نہیں: باہر نکلیں، ای میل کیے گئے ربط سے دوبارہ داخل ہوں، اور { $count } منٹ کے اندر پتہ بدلیں (یا پہلے پاس ورڈ بنا لیں)۔
}
refused-reason-too-long = وجہ زیادہ سے زیادہ { $most } حروف میں لکھیں۔
refused-appeal-note = اپیل کے ساتھ ایک مختصر نوٹ ضروری ہے (زیادہ سے زیادہ { $most } حروف)۔
refused-guest-name-empty = اپنا نام لکھیں۔
refused-guest-name-too-long = آپ کا نام زیادہ سے زیادہ { $most } حروف کا ہو سکتا ہے۔
refused-guest-name-invisible = آپ کے نام میں پوشیدہ یا سمت بدلنے والے حروف نہیں ہو سکتے۔
refused-display-name-empty = ظاہری نام خالی نہیں ہو سکتا۔
refused-display-name-too-long = ظاہری نام زیادہ سے زیادہ { $most } حروف کا ہو سکتا ہے۔
refused-display-name-invisible = ظاہری نام میں پوشیدہ یا سمت بدلنے والے حروف نہیں ہو سکتے۔
refused-new-password-too-short = نیا پاس ورڈ کم از کم { $least } حروف کا ہونا چاہیے۔
refused-new-password-too-long = نیا پاس ورڈ زیادہ سے زیادہ { $most } حروف کا ہو سکتا ہے۔
refused-new-password-common = نیا پاس ورڈ اندازہ لگانے میں بہت آسان ہے؛ چند بے ربط الفاظ آزمائیں۔
refused-password-too-short = پاس ورڈ کم از کم { $least } حروف کا ہونا چاہیے۔
refused-password-too-long = پاس ورڈ زیادہ سے زیادہ { $most } حروف کا ہو سکتا ہے۔
refused-password-common = پاس ورڈ اندازہ لگانے میں بہت آسان ہے؛ چند بے ربط الفاظ آزمائیں۔
refused-not-found = ایسا کوئی تبصرہ نہیں۔
refused-closed = اس خبر پر تبصرے بند ہیں۔
refused-confirm-email = تبصرہ کرنے، ووٹ دینے یا رپورٹ کرنے سے پہلے اپنے ای میل پتے کی تصدیق کریں (اپنا اکاؤنٹ دیکھیں)۔
refused-comment-empty = تبصرہ خالی ہے۔
refused-parent-elsewhere = جس تبصرے کا آپ نے جواب دیا وہ اس خبر کا حصہ نہیں۔
refused-parent-removed = جس تبصرے کا آپ نے جواب دیا وہ ہٹا دیا گیا ہے، اس لیے اس پر جواب نہیں دیا جا سکتا۔
refused-not-yours = تبصرہ صرف اس کا لکھنے والا بدل سکتا ہے۔
refused-not-published = ووٹ اور رپورٹ صرف شائع شدہ تبصروں پر ہو سکتے ہیں۔
refused-own-comment = آپ اپنے تبصرے کو ووٹ یا رپورٹ نہیں کر سکتے۔
refused-bad-reason = رپورٹ کی وجہ چنیں۔
refused-refusal-reason-missing = تبصرہ مسترد کرنے کی وجہ چنیں۔
refused-standing-reason-missing = بتائیں کہ لکھنے والے کو کیوں معطل کیا یا پابندی لگائی گئی: یہ ریکارڈ میں رہتا ہے۔
refused-suspension-length = ایک سے 365 دن تک معطل کریں۔
refused-too-many-chosen = ایک وقت میں زیادہ سے زیادہ ایک صفحے کے تبصرے چنیں۔
refused-not-allowed = آپ کا کردار اس کی اجازت نہیں دیتا۔
refused-feature-unpublished = صرف شائع شدہ تبصرے نمایاں کیے جا سکتے ہیں۔
refused-not-appealable = صرف مسترد شدہ تبصرے پر اپیل ہو سکتی ہے، اور صرف ایک بار۔
refused-wrong-password = موجودہ پاس ورڈ درست نہیں۔
refused-handle-not-typed = اکاؤنٹ حذف کرنے کے لیے اپنا ہینڈل بالکل ویسا ہی لکھیں جیسا دکھایا گیا ہے۔
refused-last-admin = آپ واحد منتظم ہیں۔ پہلے کسی اور کو منتظم بنائیں۔
refused-no-such-account = یہ ای میل پتہ اور پاس ورڈ کسی اکاؤنٹ سے نہیں ملتے۔
refused-sign-ups-from-here = حال ہی میں یہاں سے بہت سے اکاؤنٹ بنائے گئے ہیں۔ براہِ کرم بعد میں کوشش کریں۔
refused-sign-up = کچھ خانوں کو دوبارہ دیکھنے کی ضرورت ہے۔
refused-link-no-good = اس ربط کی مدت ختم ہو چکی ہے یا یہ استعمال ہو چکا ہے۔ نیا ربط منگوائیں اور جلد استعمال کریں۔
refused-not-the-accounts-password = یہ اس اکاؤنٹ کا پاس ورڈ نہیں۔ اگر یہ اکاؤنٹ آپ نے نہیں بنایا تو خانہ خالی چھوڑ دیں۔
refused-address-in-use = کسی اور اکاؤنٹ نے یہ پتہ پہلے تصدیق کر لیا، اس لیے یہ اس اکاؤنٹ کے لیے استعمال نہیں ہو سکتا۔
refused-not-an-address = یہ درست ای میل پتہ نہیں۔
refused-too-many-links = بہت زیادہ کوششیں ہو چکی ہیں۔ تھوڑا انتظار کریں اور دوبارہ کوشش کریں۔
refused-handle-taken = یہ ہینڈل لیا جا چکا ہے (یا کسی لیے گئے ہینڈل سے بہت ملتا ہے)۔ کوئی اور آزمائیں۔
refused-email-taken = یہ پتہ پہلے ہی ایک اکاؤنٹ استعمال کر رہا ہے۔
mistake-handle-length = ہینڈل { $least } سے { $most } حروف تک کا ہونا چاہیے۔
mistake-handle-characters = ہینڈل میں صرف حروف، ہندسے اور انڈر اسکور ہو سکتے ہیں۔
mistake-handle-invisible = ہینڈل میں پوشیدہ یا سمت بدلنے والے حروف نہیں ہو سکتے۔
mistake-handle-mixed-script = ہینڈل ایک ہی رسم الخط میں لکھا جائے (مثلاً لاطینی اور سیریلک حروف ملا کر نہیں)۔

# تبصرہ کیوں منتظر ہے یا شائع نہیں ہوا، صرف لکھنے والے کے لیے۔
author-note-closed = اس خبر پر تبصرے بند ہیں۔
author-note-premoderated = اس خبر پر تبصرے شائع ہونے سے پہلے نگران پڑھتا ہے۔
author-note-standing = آپ کا اکاؤنٹ اس وقت تبصرہ نہیں کر سکتا۔
author-note-words = اس میں ایسے الفاظ ہیں جو یہ سائٹ شائع نہیں کرتی۔
author-note-spam = یہ اشتہار یا اسپام لگتا ہے۔
author-note-repeated = یہی متن ابھی ابھی بھیجا گیا تھا۔
author-note-held = شائع ہونے سے پہلے ایک نگران اسے پڑھے گا۔
author-note-moderator = ایک نگران نے اسے شائع نہ کرنے کا فیصلہ کیا۔
author-note-moderator-abuse = ایک نگران کے نزدیک یہ توہین آمیز یا نفرت انگیز ہے۔
author-note-moderator-off-topic = ایک نگران کے نزدیک یہ خبر کے موضوع سے ہٹ کر ہے۔
author-note-moderator-misinformation = ایک نگران کے نزدیک یہ غلط یا گمراہ کن ہے۔
author-note-moderator-personal = ایک نگران کے نزدیک اس میں کسی کی ذاتی معلومات ہیں۔
author-note-moderator-other = ایک نگران کے نزدیک یہ اس سائٹ کے قواعد کے خلاف ہے۔

## تبصروں کا اسکرپٹ کیا کہتا ہے

js-failed = یہ نہیں ہو سکا۔
js-failed-again = یہ نہیں ہو سکا۔ براہِ کرم دوبارہ کوشش کریں۔
js-preview-shown = پیش نظارہ بٹنوں کے اوپر دکھایا گیا ہے۔
js-posted = آپ کا تبصرہ شائع ہو گیا۔
js-pending = آپ کا تبصرہ جائزے کا منتظر ہے۔
js-not-published = آپ کا تبصرہ شائع نہیں ہوا؛ وجہ اس کے ساتھ لکھی ہے۔
js-vote-given = ووٹ دے دیا گیا۔
js-vote-taken-back = ووٹ واپس لے لیا گیا۔
js-flag-sent = رپورٹ بھیج دی گئی: ایک نگران اسے دیکھے گا۔
js-yours-deleted = آپ کا تبصرہ حذف ہو گیا۔
js-edit-label = اپنا تبصرہ بدلیں
js-save-changes = تبدیلیاں محفوظ کریں
js-cancel = منسوخ کریں
js-changes-saved = آپ کی تبدیلیاں محفوظ ہو گئیں۔
js-changes-saved-held = آپ کی تبدیلیاں محفوظ ہو گئیں؛ فی الحال تبصرہ دوسروں کو نہیں دکھایا جا رہا۔
js-new = نیا
js-new-comment = نیا تبصرہ
js-new-comment-from = { $name } کا نیا تبصرہ
mistake-handle-or-address-taken = یہ ہینڈل یا پتہ پہلے ہی ایک اکاؤنٹ استعمال کر رہا ہے۔

## فارم: اکاؤنٹ بنانا، داخل ہونا، ربط اور پاس ورڈ

form-sign-up-heading = اکاؤنٹ بنائیں
form-handle = ہینڈل
form-handle-hint = 3 سے 30 حروف، ہندسے یا انڈر اسکور، ایک ہی رسم الخط میں۔ آپ کے تبصروں کے ساتھ دکھایا جاتا ہے۔
form-display-name = ظاہری نام
form-email = ای میل پتہ
form-email-hint = ہم اس کی تصدیق کے لیے ایک ربط بھیجتے ہیں۔ یہ کبھی دوسروں کو نہیں دکھایا جاتا۔
form-password = پاس ورڈ
form-password-hint = کم از کم 10 حروف؛ چند بے ربط الفاظ اچھا کام کرتے ہیں۔
form-have-account = پہلے سے اکاؤنٹ ہے؟ داخل ہوں
form-check-inbox = اپنا ان باکس دیکھیں
form-inbox-sent = ہم نے { $email } پر ایک پیغام بھیجا ہے۔ اپنے پتے کی تصدیق اور داخلے کے لیے اس میں دیا گیا ربط کھولیں۔ پہنچنے میں ایک منٹ لگ سکتا ہے؛ اسپام فولڈر بھی دیکھیں۔
form-password-chosen = آپ کا چنا ہوا پاس ورڈ
form-password-chosen-hint = اگر یہ اکاؤنٹ آپ نے نہیں بنایا تو اسے خالی چھوڑ دیں: اس کا کوئی بھی پاس ورڈ مٹا دیا جائے گا، اس میں داخل ہر شخص باہر ہو جائے گا، اور آپ اپنا پاس ورڈ خود چنیں گے۔
form-verify-heading = اپنے ای میل پتے کی تصدیق کریں
form-verify-submit = میرے پتے کی تصدیق کریں
form-verify-intro = مکمل کرنے کے لیے تصدیق کریں کہ یہ پتہ آپ کا ہے۔
form-address-in-use = پتہ پہلے سے استعمال میں ہے
form-link-no-good = یہ ربط اب کام نہیں کرتا
form-link-heading = پاس ورڈ نہیں؟ ربط منگوائیں
form-link-intro = ہم آپ کو ایک ربط ای میل کر سکتے ہیں جو ایک بار داخل کر دیتا ہے۔
form-link-submit = مجھے داخلے کا ربط ای میل کریں
form-forgot = پاس ورڈ بھول گئے؟
form-providers = یا کسی اور جگہ کا اپنا اکاؤنٹ استعمال کریں
form-sign-in-with = { $name } سے داخل ہوں
form-sign-in-link-on-its-way = اگر { $email } کسی اکاؤنٹ کا پتہ ہے تو داخلے کا ربط اس کی طرف روانہ ہے۔ یہ ایک بار کام کرتا ہے اور جلد ختم ہو جاتا ہے؛ نہ پہنچے تو اسپام فولڈر دیکھیں۔
form-reset-link-on-its-way = اگر { $email } کسی اکاؤنٹ کا پتہ ہے تو پاس ورڈ بدلنے کا ربط اس کی طرف روانہ ہے۔ یہ ایک بار کام کرتا ہے اور جلد ختم ہو جاتا ہے؛ نہ پہنچے تو اسپام فولڈر دیکھیں۔
form-press-to-sign-in = داخلہ مکمل کرنے کے لیے بٹن دبائیں۔
form-sign-me-in = مجھے داخل کریں
form-reset-heading = اپنا پاس ورڈ بدلیں
form-reset-submit = مجھے پاس ورڈ بدلنے کا ربط ای میل کریں
form-reset-intro = { $count ->
    [one] ہم نیا پاس ورڈ چننے کا ربط ای میل کریں گے۔ اس کی مدت { $count } منٹ ہے۔
   *[other] ہم نیا پاس ورڈ چننے کا ربط ای میل کریں گے۔ اس کی مدت { $count } منٹ ہے۔
}
form-new-password-heading = نیا پاس ورڈ چنیں
form-new-password-submit = نیا پاس ورڈ محفوظ کریں
form-new-password = نیا پاس ورڈ
form-current-password = موجودہ پاس ورڈ
form-new-email = نیا ای میل پتہ
form-email-password-hint = پتہ بدلنے کے لیے ضروری ہے۔
form-setup-heading = پہلا منتظم بنائیں
form-go-on-to-discussion = میں نے ربط کھول لیا: بحث کی طرف چلیں
form-not-signed-in = آپ داخل نہیں ہوئے
form-confirm-yours = تصدیق کریں کہ اکاؤنٹ آپ کا ہے
form-confirm-yours-message = یہاں ایک اکاؤنٹ پہلے سے { $email } استعمال کرتا ہے۔ آئندہ اس میں { $provider } سے داخل ہونے کے لیے اس پتے پر بھیجا گیا ربط کھولیں اور تصدیق کریں: اس سے ثابت ہوتا ہے کہ اکاؤنٹ آپ کا ہے۔ تب تک کچھ نہیں جوڑا گیا اور آپ داخل نہیں ہوئے۔
form-link-accounts = اپنے اکاؤنٹ جوڑیں
form-link-accounts-message = کیا اپنا { $provider } داخلہ یہاں کے اکاؤنٹ @{ $handle } ({ $email }) سے جوڑنا ہے؟ پھر آپ اس میں { $provider } سے بھی داخل ہو سکیں گے، اور اسے "آپ کا اکاؤنٹ" میں ہٹا سکتے ہیں۔
form-link-and-sign-in = جوڑیں اور داخل ہوں
form-your-name = آپ کا نام
form-your-name-hint = آپ کے تبصرے کے ساتھ دکھایا جاتا ہے۔
form-guest-heading = مہمان کے طور پر تبصرہ کریں
form-guest-submit = جائزے کے لیے بھیجیں
form-guest-intro = “{ $headline }” پر۔ مہمانوں کے تبصرے نگران کے پڑھ لینے کے بعد شائع ہوتے ہیں۔
form-sign-in-instead = اس کے بجائے داخل ہوں
form-thank-you = شکریہ
form-guest-thanks = “{ $headline }” پر آپ کا تبصرہ ہمارے نگرانوں کے پاس ہے۔ منظوری کے بعد یہ خبر کے نیچے شائع ہو گا۔
form-unsubscribe-heading = جوابات کی ای میلیں
form-unsubscribe-ask = اس سلسلے کے جوابات کی ای میلیں بند کریں؟ دوسرے سلسلوں پر اثر نہیں پڑے گا۔
form-unsubscribe-submit = یہ ای میلیں بند کریں
form-unsubscribed = ای میلیں بند
form-unsubscribed-message = اس سلسلے کے جوابات کی ای میلیں اب آپ کو نہیں آئیں گی۔

## اکاؤنٹ کا صفحہ

account-heading = آپ کا اکاؤنٹ
account-signed-in-as = { $name } کے طور پر داخل ہیں
role-commenter = تبصرہ نگار
role-writer = لکھاری
role-editor = مدیر
role-moderator = نگران
role-admin = منتظم
account-profile = پروفائل
account-notify-replies = جب کوئی میرے تبصروں کا جواب دے تو مجھے ای میل کریں
account-save-profile = پروفائل محفوظ کریں
account-alerts = نگرانوں کے لیے اطلاعات
account-alerts-legend = جائزے کے لیے روکے گئے یا قارئین کے رپورٹ کیے گئے تبصروں کی ای میل بھیجیں
account-alerts-none = کوئی اطلاع نہیں
account-alerts-each = ہر ایک کی الگ ای میل
account-alerts-digest = خلاصہ، زیادہ سے زیادہ گھنٹے میں ایک بار
account-save-alerts = اطلاعات محفوظ کریں
account-email-confirmed = اب: { $name } (تصدیق شدہ)
account-email-unconfirmed = اب: { $name } (ابھی تصدیق نہیں ہوئی)
account-change-email = پتہ بدلیں
account-send-confirmation = تصدیق کا ربط بھیجیں
account-change-password = پاس ورڈ بدلیں
account-set-password = پاس ورڈ بنائیں
account-providers = دوسرے اکاؤنٹس سے داخلہ
account-linked-at = { $until } کو جوڑا گیا
account-remove-provider = { $name } سے داخلہ ہٹائیں
account-providers-without-password = ان کے بغیر بھی آپ اپنے پاس ورڈ سے یا اپنے پتے پر ای میل کیے گئے ربط سے داخل ہو سکتے ہیں۔
account-providers-without = ان کے بغیر بھی آپ اپنے پتے پر ای میل کیے گئے ربط سے داخل ہو سکتے ہیں۔
account-sessions = آپ کہاں کہاں داخل ہیں
account-session-since = { $until } سے
account-session-seen = آخری بار { $until } کو دیکھا گیا
account-this-browser = (یہ براؤزر)
account-end-others = باقی ہر جگہ سے باہر نکلیں
account-data = آپ کا ڈیٹا
account-download = میرا ڈیٹا ڈاؤن لوڈ کریں (JSON)
account-confirm-handle = تصدیق کے لیے اپنا ہینڈل لکھیں
account-delete-removes-comments = اس سے آپ کا اکاؤنٹ ختم ہو جائے گا، آپ باہر ہو جائیں گے، اور آپ کے ہر تبصرے کا متن مٹ جائے گا: ہر ایک کی جگہ "یہ تبصرہ حذف کر دیا گیا" لکھا رہے گا تاکہ جوابات اپنی جگہ رہیں۔ یہ واپس نہیں ہو سکتا۔
account-delete-keeps-comments = اس سے آپ کا اکاؤنٹ ختم ہو جائے گا اور آپ باہر ہو جائیں گے۔ آپ کے تبصرے رہیں گے، آپ کے نام کی جگہ "حذف شدہ صارف" کے ساتھ۔ یہ واپس نہیں ہو سکتا۔
account-delete = میرا اکاؤنٹ حذف کریں
account-deleted = اکاؤنٹ حذف ہو گیا
account-deleted-message = آپ کا اکاؤنٹ حذف ہو گیا اور آپ باہر ہو گئے۔
account-email-link-sent = ہم نے { $email } پر ایک ربط بھیجا ہے۔ ربط کھولنے پر پتہ بدل جائے گا؛ تب تک آپ کا اکاؤنٹ { $current } ہی رکھے گا۔
account-done-profile = آپ کی پروفائل محفوظ ہو گئی۔
account-done-password = آپ کا پاس ورڈ بدل گیا۔ دوسرے براؤزر باہر کر دیے گئے۔
account-done-sessions = آپ باقی ہر جگہ سے باہر ہو گئے۔
account-done-linked = دوسری جگہ کا اکاؤنٹ جڑ گیا: اب آپ اس سے داخل ہو سکتے ہیں۔
account-done-unlinked = یہ داخلہ آپ کے اکاؤنٹ سے ہٹا دیا گیا۔
account-done-alerts = اطلاعات کا آپ کا انتخاب محفوظ ہو گیا۔
account-done-confirmed = آپ کے پتے کی تصدیق ہو گئی۔ تصدیق سے پہلے بنایا گیا پاس ورڈ اب کام نہیں کرتا اور باقی سب باہر کر دیے گئے: نیچے اپنا پاس ورڈ چنیں۔
form-webhook-url = پتہ (https://…)

## ای میلیں: ہر ایک کا عنوان اور متن

mail-verify-subject = { $site } کے لیے اپنے ای میل پتے کی تصدیق کریں
mail-verify-body =
    السلام علیکم { $handle }،

    براہِ کرم یہ ربط کھول کر تصدیق کریں کہ یہ آپ کا ای میل پتہ ہے:

    { $link }

    یہ ربط ایک بار کام کرتا ہے اور { $hours } گھنٹے میں ختم ہو جاتا ہے۔ اگر آپ نے یہ نہیں مانگا تو اس پیغام کو نظر انداز کر دیں۔
mail-sign-in-subject = { $site } میں داخل ہوں
mail-sign-in-body =
    داخل ہونے کے لیے آپ کا ربط یہ ہے:

    { $link }

    یہ ایک بار کام کرتا ہے اور { $minutes } منٹ میں ختم ہو جاتا ہے۔ اگر آپ نے یہ نہیں مانگا تو اس پیغام کو نظر انداز کر دیں؛ اس کے بغیر کوئی داخل نہیں ہو سکتا۔
mail-identity-subject = { $site } پر اپنے اکاؤنٹ سے { $provider } جوڑیں
mail-identity-body =
    کسی نے اس پتے کے ساتھ { $provider } سے داخلہ کیا، جو یہاں آپ کے اکاؤنٹ کا پتہ ہے۔

    آئندہ اپنے اکاؤنٹ میں { $provider } سے داخل ہونے کے لیے یہ ربط کھولیں اور تصدیق کریں:

    { $link }

    یہ ایک بار کام کرتا ہے اور { $minutes } منٹ میں ختم ہو جاتا ہے۔ اگر یہ آپ نہیں تھے تو اس پیغام کو نظر انداز کر دیں: ربط کے بغیر کچھ نہیں بدلتا۔
mail-reset-subject = { $site } پر اپنا پاس ورڈ بدلیں
mail-reset-body =
    کسی نے اس پتے والے اکاؤنٹ کا پاس ورڈ بدلنے کی درخواست کی ہے۔

    نیا پاس ورڈ چننے کے لیے یہ ربط کھولیں:

    { $link }

    یہ ایک بار کام کرتا ہے اور { $minutes } منٹ میں ختم ہو جاتا ہے۔ اگر یہ آپ نہیں تھے تو اس پیغام کو نظر انداز کر دیں: آپ کا پاس ورڈ ویسا ہی رہے گا۔
mail-already-registered-subject = { $site } پر آپ کا اکاؤنٹ
mail-already-registered-body =
    کسی نے اس پتے سے اکاؤنٹ بنانے کی کوشش کی، جس کا اکاؤنٹ پہلے سے موجود ہے۔

    اگر یہ آپ تھے تو یہاں داخل ہوں: { $signin }
    یا، اگر پاس ورڈ بھول گئے ہیں تو یہاں بدلیں: { $reset }

    اگر یہ آپ نہیں تھے تو آپ کو کچھ کرنے کی ضرورت نہیں۔
mail-reply-subject = { $name } نے { $site } پر آپ کو جواب دیا
mail-reply-body =
    { $name } نے “{ $headline }” پر آپ کے تبصرے کا جواب دیا:

    { $excerpt }

    پڑھیں اور جواب دیں: { $link }

    اس سلسلے کے جوابات کی ای میلیں بند کریں: { $unsubscribe }
    تمام جوابی ای میلیں "آپ کا اکاؤنٹ" میں بند کریں: { $account }
mail-refusal-subject = { $site } پر آپ کا تبصرہ شائع نہیں ہوا
mail-refusal-body =
    “{ $headline }” پر آپ کا تبصرہ شائع نہیں ہوا۔ { $why }

    اگر آپ کے خیال میں یہ غلطی ہے تو آپ تبصرے ہی سے (داخل ہو کر) ایک مختصر نوٹ کے ساتھ ایک بار اپیل کر سکتے ہیں:

    { $link }
mail-email-change-subject = { $site } پر ای میل بدلنے کی درخواست
mail-email-change-body =
    آپ کے اکاؤنٹ میں داخل کسی شخص نے اس کا ای میل پتہ { $email } میں بدلنے کی درخواست کی ہے۔

    تبدیلی صرف نئے پتے کی تصدیق پر ہو گی۔ اگر یہ آپ نہیں تھے تو یہاں اپنا پاس ورڈ بدلیں: { $reset }
form-webhook-url-hint = ہر ترسیل اس پتے پر JSON کی ایک POST درخواست ہے، جس پر دستخط docs/webhooks.md کے مطابق ہوتے ہیں۔

## لوگ اور ان کا ریکارڈ، نگرانوں کے لیے

people-find = ہینڈل یا نام
people-find-by-email = ہینڈل، نام یا ای میل پتہ
people-nobody = “{ $name }” سے کوئی نہیں ملتا۔
people-found = { $count ->
    [one] { $count } ملا
   *[other] { $count } ملے
}
people-who = کون
people-role = کردار
people-standing = حیثیت
people-joined = شمولیت
people-published = شائع
people-refused = مسترد
people-waiting = منتظر
standing-active = فعال
standing-suspended = معطل
standing-banned = پابندی
person-until = { $until } تک
person-record = شائع: { $published }، مسترد: { $refused }، منتظر: { $waiting }
person-taken-down = { $count ->
    [one] پابندی کے ساتھ ہٹائے گئے: { $count }
   *[other] پابندی کے ساتھ ہٹائے گئے: { $count }
}
person-trust = اعتماد
person-trust-reset = { $until } سے شمار، جب ایک نگران نے اسے نئے سرے سے شروع کیا
person-trust-first = ان کے پہلے تبصرے سے شمار
person-suspend = معطل کریں
person-ban = پابندی لگائیں
person-remove-comments = { $count ->
    [one] ان کا { $count } شائع شدہ تبصرہ بھی ہٹائیں (پابندی اٹھانے پر واپس آ جائے گا)
   *[other] ان کے { $count } شائع شدہ تبصرے بھی ہٹائیں (پابندی اٹھانے پر واپس آ جائیں گے)
}
person-restore-all = انہیں دوبارہ تبصرہ کرنے دیں اور ان کے تبصرے واپس لائیں
person-reset-trust = اعتماد نئے سرے سے شروع کریں
person-staff = عملہ معطل یا پابند نہیں ہوتا؛ ان کا کردار منتظم بدلتا ہے۔
person-no-comments = ابھی کوئی نہیں۔
person-older-comments = پرانے تبصرے
person-decisions = فیصلے
person-no-decisions = کسی نگران نے ان پر یا ان کے تبصروں پر کوئی فیصلہ نہیں کیا۔
person-older-decisions = پرانے فیصلے
person-newest = تازہ ترین کی طرف واپس

# نگرانی کے ریکارڈ کا جدول۔
log-when = کب
log-by = کس نے
log-action = کارروائی
log-on = کس پر
log-reason = وجہ
log-by-command-line = کمانڈ لائن
log-by-setup-link = ابتدائی ترتیب کا ربط
log-target-comment = تبصرہ { $number }
log-target-user = صارف { $number }
log-action-approve = منظوری
log-action-approve-feature = منظوری اور نمایاں
log-action-reject = مسترد
log-action-spam = اسپام
log-action-feature = نمایاں
log-action-unfeature = نمایاں سے ہٹایا
log-action-suspend = معطلی
log-action-ban = پابندی
log-action-restore = بحالی
log-action-reset-trust = اعتماد کی نئی شروعات
log-action-role = کردار کی تبدیلی

## نگرانی کا ڈیش بورڈ

dash-title = نگرانی کا ڈیش بورڈ
dash-days = { $count ->
    [one] پچھلے ایک دن کی میز۔
   *[other] پچھلے { $count } دن کی میز۔
}
dash-intro = { $until } تک؛ دن اور گھنٹے عالمی وقت میں ہیں۔
dash-waiting-now = اس وقت منتظر
dash-flagged-now = اس وقت رپورٹ شدہ
dash-median = فیصلے تک کا درمیانی وقت
dash-over-decisions = { $count ->
    [one] { $count } فیصلے پر
   *[other] { $count } فیصلوں پر
}
dash-nothing-decided = ابھی کوئی فیصلہ نہیں ہوا
dash-comments-day = پچھلے 24 گھنٹوں کے تبصرے
dash-approval = { $count ->
    [one] منظوری کی شرح، { $count } دن
   *[other] منظوری کی شرح، { $count } دن
}
dash-approved-of = { $decided } فیصلوں میں سے { $approved }
dash-no-decisions = ابھی کوئی فیصلہ نہیں
chart-percent = { $n }٪
chart-no-data = کوئی ڈیٹا نہیں
chart-in-figures = { $title }، اعداد میں
chart-hour = گھنٹہ (عالمی وقت)
chart-day = دن (عالمی وقت)
chart-queue-title = قطار میں منتظر
chart-queue-none = پچھلے { $days } دن میں کوئی تبصرہ قطار میں منتظر نہیں رہا۔
chart-queue-summary = ہر گھنٹے میں کسی بھی لمحے فیصلے کے منتظر زیادہ سے زیادہ تبصرے: اس وقت { $now }؛ سب سے زیادہ { $most }، { $hour } (عالمی وقت) سے شروع ہونے والے گھنٹے میں۔
chart-most-waiting = زیادہ سے زیادہ منتظر
chart-queue-zero = جن گھنٹوں میں قطار خالی رہی وہ شامل نہیں۔
chart-wait-title = فیصلے کا درمیانی انتظار
chart-wait-none = پچھلے { $days } دن میں قطار کے کسی تبصرے کا فیصلہ نہیں ہوا۔
chart-wait-summary = قطار میں آنے سے نگران کے فیصلے تک کا درمیانی وقت، روزانہ: { $days } دن کے تمام { $count } فیصلوں پر { $wait }۔
chart-median-wait = درمیانی انتظار
chart-nothing-decided = کوئی فیصلہ نہیں
chart-comments-title = فی گھنٹہ تبصرے
chart-comments-none = پچھلے { $days } دن میں کوئی تبصرہ نہیں۔
chart-comments-summary = { $days } دن میں { $total } تبصرے؛ سب سے مصروف گھنٹے، { $hour } (عالمی وقت) سے، میں { $most } تبصرے آئے۔
chart-comments = تبصرے
chart-comments-zero = جن گھنٹوں میں کوئی تبصرہ نہیں آیا وہ شامل نہیں۔
chart-approval-title = منظوری کی شرح
chart-approval-none = پچھلے { $days } دن میں تبصروں پر کوئی فیصلہ نہیں ہوا۔
chart-approval-summary = ان فیصلوں کا تناسب جن میں تبصرہ منظور ہوا، روزانہ: { $days } دن کے { $count } فیصلوں میں { $percent }٪۔
chart-approved = منظور
chart-no-decisions = کوئی فیصلہ نہیں
chart-approval-detail = { $percent }٪ ({ $decided } میں سے { $approved })
dur-seconds = { $n } سیکنڈ
dur-minutes = { $m } منٹ
dur-hours = { $h } گھنٹے
dur-hours-minutes = { $h } گھنٹے { $m } منٹ
dur-days = { $d } دن
dur-days-hours = { $d } دن { $h } گھنٹے

## نگرانی کا ریکارڈ

log-title = نگرانی کا ریکارڈ
log-intro = نگرانوں اور منتظمین کا ہر فیصلہ، تازہ ترین پہلے۔ یہاں کچھ بھی کبھی بدلا یا ہٹایا نہیں جاتا۔
log-any = کوئی بھی
log-by-handle = کس نے (ہینڈل)
log-anything = کچھ بھی
log-a-comment = کوئی تبصرہ
log-a-user = کوئی صارف
log-number = نمبر
log-from = سے
log-until = تک
log-filter = چھانٹیں
log-csv = چھانٹی سے ملنے والی ہر سطر CSV میں ڈاؤن لوڈ کریں
log-none = کوئی اندراج نہیں۔
log-older = پرانی سطریں

## منتظم کے لیے صارفین کی فہرست

users-title = صارفین
users-webhooks = ویب ہکس
users-name = نام
users-unconfirmed = (غیر تصدیق شدہ)
users-role-of = { $name } کا کردار
users-save = محفوظ کریں
users-done-role = کردار محفوظ ہو گیا۔
users-done-last-admin = آخری منتظم منتظم رہنا نہیں چھوڑ سکتا؛ پہلے کسی اور کو منتظم بنائیں۔
