# واجهة بايلاين بالعربية.
#
# كل رسالة هنا تقابل رسالة في en.ftl. للعربية ست صيغ للعدد:
# zero و one و two و few و many و other.

## التواريخ

moment-utc = { $moment } بالتوقيت العالمي

## إطار كل صفحة

skip-to-content = انتقل إلى المحتوى
nav-sections = الأقسام
nav-account = الحساب
signed-in-as = مسجَّل الدخول باسم { $name }
nav-desk = المكتب
nav-moderation = الإشراف
nav-admin = الإدارة
sign-in = تسجيل الدخول
sign-out = تسجيل الخروج
create-account = إنشاء حساب
footer-sitemap = خريطة الموقع
feed-comments-title = { $site } · التعليقات
feed-story-comments-title = { $site } · التعليقات على { $headline }
go-to-front-page = انتقل إلى الصفحة الأولى

## المشكلات

problem-not-found = الصفحة غير موجودة
problem-unauthorized = سجّل الدخول أولًا
problem-forbidden = غير مسموح
problem-method = لا يمكن فعل ذلك هنا
problem-timeout = استغرق الأمر وقتًا طويلًا
problem-conflict = غير ممكن الآن
problem-too-large = ما أرسلته كبير جدًا
problem-not-accepted = غير مقبول
problem-too-many = محاولات كثيرة جدًا
problem-internal = حدث خطأ ما
problem-bad-request = لم نفهم هذا الطلب
problem-message-not_found = لا توجد صفحة على هذا العنوان. ربما نُقلت، أو كُتب الرابط خطأً.
problem-message-forbidden = ليس لديك إذن بفعل ذلك. إن وصلت عبر رابط من موقع آخر، فافتح الصفحة هنا وحاول مجددًا.
problem-message-too_fast = جرت محاولات كثيرة جدًا. انتظر قليلًا ثم حاول مجددًا.
problem-message-internal = حدث خطأ من جهتنا. حاول مجددًا بعد قليل.

## قوائم الأخبار

lead-story = الخبر الرئيسي
featured-comments = تعليقات مختارة
comment-on = { $author } على { $article }
latest = الأحدث
older-stories = أخبار أقدم
more-stories = مزيد من الأخبار
no-stories-yet = لا أخبار بعد.
no-stories-here = لا أخبار هنا بعد.
edit-this-page = حرّر هذه الصفحة
featured-content = محتوى مختار
card-comments = { $count ->
    [zero] لا تعليقات
    [one] تعليق واحد
    [two] تعليقان
    [few] { $count } تعليقات
    [many] { $count } تعليقًا
   *[other] { $count } تعليق
}

## الخبر

byline-by = بقلم
# Between the names of a list (bylines), and before a note's date.
list-comma = {"، "}
byline-and = {" "}و
story-updated = حُدّث في
external-story = هذا نقاش حول خبر منشور على موقع آخر.
read-the-story = اقرأ الخبر
story-notes = تصحيحات وتحديثات
note-correction = تصحيح
note-update = تحديث
story-tags = الوسوم

## التعليقات

comments-heading = التعليقات
call-to-comment = ما رأيك في هذا؟ شاركنا في التعليقات أدناه.
moderate-discussion = أشرف على هذا النقاش
comments-closed = التعليقات مغلقة على هذا الخبر.
join = { $signin } أو { $signup } للمشاركة في النقاش.
    .signin = سجّل الدخول
    .signup = أنشئ حسابًا
join-framed = { $signin } للمشاركة في النقاش.
    .signin = سجّل الدخول أو أنشئ حسابًا
join-or-guest = { $signin } أو { $signup } للمشاركة في النقاش، أو { $guest }.
    .signin = سجّل الدخول
    .signup = أنشئ حسابًا
    .guest = علّق بصفتك ضيفًا
join-or-guest-framed = { $signin } للمشاركة في النقاش، أو { $guest }.
    .signin = سجّل الدخول أو أنشئ حسابًا
    .guest = علّق بصفتك ضيفًا
confirm-email-to-join = أكّد عنوان بريدك الإلكتروني (انظر { $account }) للمشاركة في النقاش.
    .account = حسابك
suspended-until = علّق أحد المشرفين حسابك حتى { $until }: حتى ذلك الحين يمكنك قراءة النقاش دون المشاركة فيه.
commenting-closed-to-you = أغلق أحد المشرفين التعليق على حسابك.
comments-premoderated = يراجع مشرف التعليقات على هذا الخبر قبل نشرها.
your-comment = تعليقك
markdown-hint = يمكنك استخدام ماركداون: **عريض**، _مائل_، [روابط](https://example.org)، > اقتباسات، قوائم و`شيفرة`.
preview = معاينة
post-comment = انشر التعليق
featured = مختار
see-in-discussion = شاهده في النقاش
sort-comments = ترتيب التعليقات
sort = الترتيب:
sort-oldest = الأقدم
sort-newest = الأحدث
sort-voted = الأكثر تصويتًا
thread-rest = بقية نقاش طويل.
back-to-discussion = عودة إلى النقاش
no-comments = لا تعليقات بعد.
more-replies = مزيد من الردود في هذا النقاش
more-comments = مزيد من التعليقات

## تعليق واحد

guest = ضيف
edited = معدَّل
deleted-user = مستخدم محذوف
votes = { $count ->
    [zero] لا أصوات
    [one] صوت واحد
    [two] صوتان
    [few] { $count } أصوات
    [many] { $count } صوتًا
   *[other] { $count } صوت
}
awaiting-review = بانتظار المراجعة: لا يراه غيرك
not-published = لم يُنشر: لا يراه غيرك
in-reply-to = ردًا على { $name }
comment-deleted = حُذف هذا التعليق.
comment-removed = أزال أحد المشرفين هذا التعليق.
comment-concealed = هذا التعليق غير معروض.
vote = صوّت
voted = تم التصويت
flag = إبلاغ
flag-why = لماذا ينبغي أن ينظر فيه مشرف؟
flag-reason-abuse = مسيء أو يحض على الكراهية
flag-reason-spam = رسائل مزعجة أو إعلان
flag-reason-off-topic = خارج الموضوع
flag-reason-misinformation = كاذب أو مضلل
flag-reason-other = سبب آخر
send-flag = أرسل البلاغ
edit = حرّر
delete = احذف
feature = أبرِز
unfeature = ألغِ الإبراز
appeal = اعتراض
appeal-why = لماذا ينبغي أن يعيد مشرف قراءته؟ يمكنك الاعتراض مرة واحدة.
send-appeal = أرسل الاعتراض
reply = ردّ
your-reply-to = ردّك على { $name }
post-reply = انشر الرد

## اختيار اللغة

language-name = العربية
language-heading = اللغة
language-legend = لغة قوائم الموقع وأزراره ورسائله
language-follow-page = لغة كل صفحة
language-save = احفظ اللغة
language-saved = حُفظ اختيارك للغة.

## البحث

search-heading = البحث
search-title = البحث: { $q }
search-description = ابحث في أخبار { $site }.
search-words = ابحث عن
search-section = القسم
search-any-section = أي قسم
search-from = منشور منذ
search-to = منشور حتى
search-button = ابحث
search-results-for = أخبار فيها «{ $name }»
search-nothing = لا يحوي أي خبر منشور كل هذه الكلمات. جرّب كلمات أقل، أو إملاءً آخر.
search-more = مزيد من النتائج
search-bad-date = اكتب التواريخ كما تكتبها حقول التاريخ: السنة والشهر واليوم.
search-bad-page = صفحة النتائج هذه غير موجودة. ابدأ من جديد من الصفحة الأولى.

## اختيار الألوان

theme-heading = الألوان
theme-legend = الألوان التي يُعرض بها الموقع
theme-system = كما يطلب جهازي (فاتح أو داكن)
theme-light = فاتح
theme-dark = داكن
theme-save = احفظ الألوان
theme-saved = حُفظ اختيارك للألوان.

## القوائم

tagged = وسم: { $tag }
list-description = { $list }: أحدث أخبار { $site }.

## منذ متى (في الصفحات التي تُرسم لشخص واحد)

ago-now = الآن
ago-minutes = { $count ->
    [zero] الآن
    [one] منذ دقيقة
    [two] منذ دقيقتين
    [few] منذ { $count } دقائق
    [many] منذ { $count } دقيقة
   *[other] منذ { $count } دقيقة
}
ago-hours = { $count ->
    [zero] منذ أقل من ساعة
    [one] منذ ساعة
    [two] منذ ساعتين
    [few] منذ { $count } ساعات
    [many] منذ { $count } ساعة
   *[other] منذ { $count } ساعة
}
ago-days = { $count ->
    [zero] اليوم
    [one] منذ يوم
    [two] منذ يومين
    [few] منذ { $count } أيام
    [many] منذ { $count } يومًا
   *[other] منذ { $count } يوم
}

## مكتب المشرفين

mod-queue = قائمة الانتظار
mod-people = الأشخاص
mod-dashboard = لوحة المتابعة
mod-counts = بانتظار القرار: { $pending } · مُبلَّغ عنها: { $flagged }
mod-keys = المفاتيح:
mod-key-next = التالي
mod-key-previous = السابق
mod-key-approve = موافقة
mod-key-feature = موافقة وإبراز
mod-key-reject = رفض بالسبب المختار
mod-key-spam = رسالة مزعجة
mod-key-choose = تحديد
mod-key-number = رفض بالسبب الذي يحمل هذا الرقم.
mod-keys-chosen = عند تحديد تعليقات يسري القرار عليها جميعًا.
mod-tab-pending = بانتظار القرار
mod-tab-flagged = مُبلَّغ عنها
mod-tab-spam = رسائل مزعجة
mod-tab-rejected = مرفوضة
mod-tab-all = الكل
mod-only-article = التعليقات على { $article } فقط.
mod-every-article = كل المقالات
mod-single = تعليق واحد كما تعرضه قائمة الانتظار.
mod-nothing = لا شيء هنا.
mod-chosen-legend = التعليقات المحددة
mod-approve = موافقة
mod-feature = موافقة وإبراز
mod-reason = السبب
mod-choose-why = اختر السبب…
mod-reject = رفض
mod-spam = رسالة مزعجة
mod-ask-reason = اختر سبب الرفض: اضغط رقمًا من واحد إلى { $most }، أو اختر سببًا من القائمة.
mod-js-chosen = محدد.
mod-js-not-chosen = غير محدد.
mod-js-in-all = المحدد إجمالًا: { $count }.
mod-choose-comment = تحديد التعليق { $number } الذي كتبه { $name }
mod-on-article = على { $article }
mod-this-article-only = (هذه المقالة فقط)
mod-in-reply-to = ردًا على:
mod-appeal = اعتراض:
mod-why-here = سبب وجوده هنا
mod-flagged-by = { $count ->
    [zero] لم يبلّغ عنه أحد:
    [one] أبلغ عنه قارئ واحد:
    [two] أبلغ عنه قارئان:
    [few] أبلغ عنه { $count } قرّاء:
    [many] أبلغ عنه { $count } قارئًا:
   *[other] أبلغ عنه { $count } قارئ:
}
mod-flag-by = من { $name }
mod-joined = انضم في { $until }.
mod-author-record = المنشورة: { $published }. المرفوضة: { $refused }.
mod-full-history = السجل الكامل
mod-recent = أحدث تعليقاته الأخرى
mod-suspend-or-ban = إيقاف { $name } أو حظره
mod-days = الأيام
mod-why = السبب
mod-why-optional = السبب (اختياري)
mod-suspend-sure = نعم، امنع { $name } من التعليق طوال هذه الأيام
mod-suspend = إيقاف صاحب التعليق
mod-ban-sure = نعم، احظر { $name } حتى يسمح له مشرف بالعودة
mod-ban = حظر صاحب التعليق
mod-author-suspended = صاحب التعليق موقوف.
mod-author-banned = صاحب التعليق محظور.
mod-restore = السماح له بالتعليق مجددًا
mod-author-staff = صاحب التعليق من فريق العمل: يغيّر المدير دوره، ولا يُوقف ولا يُحظر.
mod-done-approve = تمت الموافقة: نُشر التعليق.
mod-done-feature = تمت الموافقة والإبراز: نُشر التعليق ضمن اختيارات المحررين.
mod-done-reject = رُفض التعليق: سيرى صاحبه أنه لم يُنشر.
mod-done-spam = صُنّف رسالةً مزعجة.
mod-done-stale = سبقك شخص آخر إلى القرار في هذا التعليق.
mod-done-none = لم يُحدَّد أي تعليق.
mod-done-approve-many = { $count ->
    [zero] لم تتم الموافقة على أي تعليق.
    [one] تمت الموافقة على تعليق واحد.
    [two] تمت الموافقة على تعليقين.
    [few] تمت الموافقة على { $count } تعليقات.
    [many] تمت الموافقة على { $count } تعليقًا.
   *[other] تمت الموافقة على { $count } تعليق.
}
mod-done-feature-many = { $count ->
    [zero] لم يُبرَز أي تعليق.
    [one] تمت الموافقة على تعليق واحد وإبرازه.
    [two] تمت الموافقة على تعليقين وإبرازهما.
    [few] تمت الموافقة على { $count } تعليقات وإبرازها.
    [many] تمت الموافقة على { $count } تعليقًا وإبرازها.
   *[other] تمت الموافقة على { $count } تعليق وإبرازها.
}
mod-done-reject-many = { $count ->
    [zero] لم يُرفض أي تعليق.
    [one] رُفض تعليق واحد.
    [two] رُفض تعليقان.
    [few] رُفضت { $count } تعليقات.
    [many] رُفض { $count } تعليقًا.
   *[other] رُفض { $count } تعليق.
}
mod-done-spam-many = { $count ->
    [zero] لم يُصنَّف أي تعليق رسالةً مزعجة.
    [one] صُنّف تعليق واحد رسالةً مزعجة.
    [two] صُنّف تعليقان رسائلَ مزعجة.
    [few] صُنّفت { $count } تعليقات رسائلَ مزعجة.
    [many] صُنّف { $count } تعليقًا رسائلَ مزعجة.
   *[other] صُنّف { $count } تعليق رسائلَ مزعجة.
}
mod-done-suspend = أُوقف صاحب التعليق.
mod-done-ban = حُظر صاحب التعليق.
mod-done-restore = يمكن للكاتب التعليق مجددًا.
mod-done-reset-trust = بدأت ثقته من جديد: ستُحجز تعليقاته التالية كما تُحجز تعليقات الحسابات الجديدة.
mod-done-not-reader = يُوقَف القرّاء أو يُحظرون فقط؛ أما فريق العمل فيتغيّر دورهم.

# حالة التعليق.
status-waiting = بانتظار القرار
status-published = منشور
status-rejected = مرفوض
status-spam = رسالة مزعجة
status-withdrawn = سحبه صاحبه
status-removed = أُزيل

# القاعدة التي حجزت التعليق أو رفضته، وما قضت به.
rule-comment-mode = وضع التعليقات
rule-standing = وضع الحساب
rule-trust = الثقة
rule-word-list = قائمة الكلمات
rule-links = الروابط
rule-repeated = نص مكرر
rule-spam = الرسائل المزعجة
rule-flags = البلاغات
rule-moderator = المشرف
rule-other = قاعدة
verdict-noted = للعلم
verdict-held = محجوز
verdict-refused = مرفوض

# لماذا رفض المشرف التعليق.
refusal-abuse = مسيء أو يحض على الكراهية
refusal-off-topic = خارج الموضوع
refusal-misinformation = كاذب أو مضلل
refusal-personal = معلومات شخصية
refusal-other = مخالف للقواعد بطريقة أخرى

# ما رأته القاعدة، للمشرفين.
finding-closed = التعليقات مغلقة
finding-premoderated = تعليقات هذه المقالة تُراجع قبل نشرها
finding-banned = صاحب التعليق محظور
finding-suspended = صاحب التعليق موقوف حتى { $until }
finding-guest = تعليق من ضيف
finding-new-account = حساب جديد (التعليقات المقبولة: { $approved } من { $needed })
finding-low-trust = ثقة منخفضة (المقبولة: { $approved }، المرفوضة: { $rejected })
finding-listed = كلمة من القائمة «{ $term }» ({ $how })
finding-listed-uncertain = كلمة من القائمة «{ $term }» ({ $how })؛ مدرجة للرفض، لكنها حُجزت لأن التطابق غير مؤكد
finding-as-written = كما كُتبت
finding-many-links = الروابط: { $count } (أكثر من { $most })
finding-untrusted-link = رابط من حساب لم يكتسب الثقة بعد
finding-repeated = نشر صاحب التعليق هذا النص نفسه قبل قليل
finding-spam = مؤشر الرسائل المزعجة { $score }: { $signals }
finding-flagged = { $count ->
    [zero] لم يبلّغ عنه أحد
    [one] أبلغ عنه قارئ واحد
    [two] أبلغ عنه قارئان
    [few] أبلغ عنه { $count } قرّاء
    [many] أبلغ عنه { $count } قارئًا
   *[other] أبلغ عنه { $count } قارئ
}
disguise-split-up = حروف مفرّقة
disguise-run-together = كلمة ملتصقة بغيرها أو وسم
disguise-masked = حرف مُخفى
disguise-stretched = حروف ممدودة
disguise-symbols = رموز في مكان الحروف
disguise-inflected = صيغة مصرّفة
disguise-prefixed = أداة التعريف أو سابقة
disguise-spelling = تهجئة أخرى بالأردية اللاتينية
signal-pitch = عبارات إعلانية
signal-links = روابط عدة
signal-shouting = كتابة بأحرف كبيرة
signal-phone = رقم هاتف
signal-repeated = حرف مكرر
signal-bare-link = رابط وحده

## الرفض: ما لم يتم، ولماذا

refused-too-fast = { $count ->
    [zero] إنك تعلّق بسرعة كبيرة. انتظر قليلًا ثم أرسله مجددًا.
    [one] إنك تعلّق بسرعة كبيرة. انتظر ثانية واحدة ثم أرسله مجددًا.
    [two] إنك تعلّق بسرعة كبيرة. انتظر ثانيتين ثم أرسله مجددًا.
    [few] إنك تعلّق بسرعة كبيرة. انتظر { $count } ثوانٍ ثم أرسله مجددًا.
    [many] إنك تعلّق بسرعة كبيرة. انتظر { $count } ثانية ثم أرسله مجددًا.
   *[other] إنك تعلّق بسرعة كبيرة. انتظر { $count } ثانية ثم أرسله مجددًا.
}
refused-comment-too-long = عدد أحرف التعليق { $length }، والحد الأقصى { $most }.
refused-edit-window-over = { $count ->
    [zero] انتهى وقت تعديل هذا التعليق.
    [one] يمكن تعديل التعليق خلال دقيقة واحدة من نشره، وقد انتهى هذا الوقت.
    [two] يمكن تعديل التعليق خلال دقيقتين من نشره، وقد انتهى هذا الوقت.
    [few] يمكن تعديل التعليق خلال { $count } دقائق من نشره، وقد انتهى هذا الوقت.
    [many] يمكن تعديل التعليق خلال { $count } دقيقة من نشره، وقد انتهى هذا الوقت.
   *[other] يمكن تعديل التعليق خلال { $count } دقيقة من نشره، وقد انتهى هذا الوقت.
}
refused-sign-in-locked = { $count ->
    [zero] محاولات فاشلة كثيرة من هنا. جرّب كلمة المرور بعد قليل، أو اطلب رابط دخول بالبريد أدناه.
    [one] محاولات فاشلة كثيرة من هنا. جرّب كلمة المرور بعد دقيقة، أو اطلب رابط دخول بالبريد أدناه.
    [two] محاولات فاشلة كثيرة من هنا. جرّب كلمة المرور بعد دقيقتين، أو اطلب رابط دخول بالبريد أدناه.
    [few] محاولات فاشلة كثيرة من هنا. جرّب كلمة المرور بعد { $count } دقائق، أو اطلب رابط دخول بالبريد أدناه.
    [many] محاولات فاشلة كثيرة من هنا. جرّب كلمة المرور بعد { $count } دقيقة، أو اطلب رابط دخول بالبريد أدناه.
   *[other] محاولات فاشلة كثيرة من هنا. جرّب كلمة المرور بعد { $count } دقيقة، أو اطلب رابط دخول بالبريد أدناه.
}
refused-sign-in-again = { $count ->
    [zero] ليس لحسابك كلمة مرور: سجّل الخروج، وادخل مجددًا برابط مرسل بالبريد، ثم غيّر العنوان فورًا (أو عيّن كلمة مرور أولًا).
    [one] ليس لحسابك كلمة مرور: سجّل الخروج، وادخل مجددًا برابط مرسل بالبريد، ثم غيّر العنوان خلال دقيقة (أو عيّن كلمة مرور أولًا).
    [two] ليس لحسابك كلمة مرور: سجّل الخروج، وادخل مجددًا برابط مرسل بالبريد، ثم غيّر العنوان خلال دقيقتين (أو عيّن كلمة مرور أولًا).
    [few] ليس لحسابك كلمة مرور: سجّل الخروج، وادخل مجددًا برابط مرسل بالبريد، ثم غيّر العنوان خلال { $count } دقائق (أو عيّن كلمة مرور أولًا).
    [many] ليس لحسابك كلمة مرور: سجّل الخروج، وادخل مجددًا برابط مرسل بالبريد، ثم غيّر العنوان خلال { $count } دقيقة (أو عيّن كلمة مرور أولًا).
   *[other] ليس لحسابك كلمة مرور: سجّل الخروج، وادخل مجددًا برابط مرسل بالبريد، ثم غيّر العنوان خلال { $count } دقيقة (أو عيّن كلمة مرور أولًا).
}
refused-reason-too-long = اكتب السبب في { $most } حرف على الأكثر.
refused-appeal-note = يحتاج الاعتراض إلى ملاحظة قصيرة (لا تتجاوز { $most } حرف).
refused-guest-name-empty = اكتب اسمك.
refused-guest-name-too-long = يجب ألا يتجاوز اسمك { $most } حرفًا.
refused-guest-name-invisible = لا يجوز أن يحوي اسمك أحرفًا خفية أو أحرفًا تغيّر اتجاه النص.
refused-display-name-empty = لا يجوز أن يكون الاسم المعروض فارغًا.
refused-display-name-too-long = يجب ألا يتجاوز الاسم المعروض { $most } حرفًا.
refused-display-name-invisible = لا يجوز أن يحوي الاسم المعروض أحرفًا خفية أو أحرفًا تغيّر اتجاه النص.
refused-new-password-too-short = يجب ألا تقل كلمة المرور الجديدة عن { $least } أحرف.
refused-new-password-too-long = يجب ألا تزيد كلمة المرور الجديدة على { $most } حرفًا.
refused-new-password-common = كلمة المرور الجديدة سهلة التخمين؛ جرّب بضع كلمات لا رابط بينها.
refused-password-too-short = يجب ألا تقل كلمة المرور عن { $least } أحرف.
refused-password-too-long = يجب ألا تزيد كلمة المرور على { $most } حرفًا.
refused-password-common = كلمة المرور سهلة التخمين؛ جرّب بضع كلمات لا رابط بينها.
refused-not-found = لا يوجد تعليق كهذا.
refused-closed = التعليقات مغلقة على هذه المقالة.
refused-confirm-email = أكّد عنوان بريدك الإلكتروني (انظر حسابك) قبل التعليق أو التصويت أو الإبلاغ.
refused-comment-empty = التعليق فارغ.
refused-parent-elsewhere = التعليق الذي رددت عليه ليس من هذه المقالة.
refused-parent-removed = أُزيل التعليق الذي رددت عليه، فلا يقبل ردودًا.
refused-not-yours = لا يغيّر التعليق إلا صاحبه.
refused-not-published = لا تُقبل الأصوات والبلاغات إلا على التعليقات المنشورة.
refused-own-comment = لا يمكنك التصويت لتعليقك أو الإبلاغ عنه.
refused-bad-reason = اختر سببًا للبلاغ.
refused-refusal-reason-missing = اختر سبب رفض التعليق.
refused-standing-reason-missing = اذكر سبب إيقاف صاحب التعليق أو حظره: يحفظه السجل.
refused-suspension-length = يكون الإيقاف من يوم واحد إلى 365 يومًا.
refused-too-many-chosen = حدّد صفحة واحدة من التعليقات على الأكثر في كل مرة.
refused-not-allowed = لا يسمح دورك بذلك.
refused-feature-unpublished = لا يُبرز إلا التعليق المنشور.
refused-not-appealable = لا يُعترض إلا على تعليق مرفوض، ومرة واحدة فقط.
refused-wrong-password = كلمة المرور الحالية غير صحيحة.
refused-handle-not-typed = اكتب معرّفك كما يظهر تمامًا لحذف الحساب.
refused-last-admin = أنت المدير الوحيد. اجعل شخصًا آخر مديرًا أولًا.
refused-no-such-account = عنوان البريد وكلمة المرور هذان لا يطابقان أي حساب.
refused-sign-ups-from-here = أُنشئت حسابات كثيرة من هنا مؤخرًا. حاول مجددًا لاحقًا.
refused-sign-up = بعض الحقول تحتاج إلى مراجعة.
refused-link-no-good = انتهت صلاحية هذا الرابط أو استُخدم من قبل. اطلب رابطًا جديدًا واستخدمه سريعًا.
refused-not-the-accounts-password = هذه ليست كلمة مرور هذا الحساب. اترك الحقل فارغًا إن لم تكن أنت من أنشأه.
refused-address-in-use = أكّد حساب آخر هذا العنوان أولًا، فلا يمكن استخدامه لهذا الحساب.
refused-not-an-address = هذا ليس عنوان بريد إلكتروني صحيحًا.
refused-too-many-links = محاولات كثيرة جدًا. انتظر قليلًا ثم حاول مجددًا.
refused-handle-taken = هذا المعرّف مأخوذ (أو يشبه معرّفًا مأخوذًا أكثر مما ينبغي). جرّب غيره.
refused-email-taken = يستخدم حساب آخر هذا العنوان.
mistake-handle-length = يكون المعرّف بين { $least } و{ $most } حرفًا.
mistake-handle-characters = يجب ألا يحوي المعرّف إلا أحرفًا وأرقامًا وشرطات سفلية.
mistake-handle-invisible = لا يجوز أن يحوي المعرّف أحرفًا خفية أو أحرفًا تغيّر اتجاه النص.
mistake-handle-mixed-script = يُكتب المعرّف بأبجدية واحدة (لا تُخلط فيه مثلًا أحرف لاتينية وسيريلية).

# لماذا ينتظر التعليق أو لم يُنشر، لكاتبه وحده.
author-note-closed = التعليقات مغلقة على هذه المقالة.
author-note-premoderated = يقرأ مشرف التعليقات على هذه المقالة قبل ظهورها.
author-note-standing = لا يستطيع حسابك التعليق في الوقت الحالي.
author-note-words = يحوي كلمات لا ينشرها هذا الموقع.
author-note-spam = يبدو إعلانًا أو رسالة مزعجة.
author-note-repeated = نُشر النص نفسه قبل لحظات.
author-note-held = سيقرؤه مشرف قبل أن يظهر.
author-note-moderator = قرر مشرف عدم نشره.
author-note-moderator-abuse = رأى مشرف أنه مسيء أو يحض على الكراهية.
author-note-moderator-off-topic = رأى مشرف أنه خارج موضوع المقالة.
author-note-moderator-misinformation = رأى مشرف أنه كاذب أو مضلل.
author-note-moderator-personal = رأى مشرف أنه يكشف معلومات شخصية عن أحد.
author-note-moderator-other = رأى مشرف أنه يخالف قواعد هذا الموقع.

## ما يقوله برنامج التعليقات

js-failed = لم ينجح ذلك.
js-failed-again = لم ينجح ذلك. حاول مجددًا.
js-preview-shown = تظهر المعاينة فوق الأزرار.
js-posted = نُشر تعليقك.
js-pending = تعليقك بانتظار المراجعة.
js-not-published = لم يُنشر تعليقك؛ السبب مكتوب معه.
js-vote-given = سُجّل صوتك.
js-vote-taken-back = سُحب صوتك.
js-flag-sent = أُرسل البلاغ: سينظر فيه مشرف.
js-yours-deleted = حُذف تعليقك.
js-edit-label = عدّل تعليقك
js-save-changes = احفظ التعديلات
js-cancel = إلغاء
js-changes-saved = حُفظت تعديلاتك.
js-changes-saved-held = حُفظت تعديلاتك؛ لن يظهر التعليق للآخرين في الوقت الحالي.
js-new = جديد
js-new-comment = تعليق جديد
js-new-comment-from = تعليق جديد من { $name }
mistake-handle-or-address-taken = يستخدم حساب آخر هذا المعرّف أو هذا العنوان.

## النماذج: إنشاء حساب، والدخول، والروابط وكلمات المرور

form-sign-up-heading = أنشئ حسابًا
form-handle = المعرّف
form-handle-hint = من 3 إلى 30 حرفًا أو رقمًا أو شرطة سفلية، بأبجدية واحدة. يظهر مع تعليقاتك.
form-display-name = الاسم المعروض
form-email = عنوان البريد الإلكتروني
form-email-hint = نرسل رابطًا لتأكيده. لا يظهر للآخرين أبدًا.
form-password = كلمة المرور
form-password-hint = 10 أحرف على الأقل؛ بضع كلمات لا رابط بينها تفي بالغرض.
form-have-account = لديك حساب؟ سجّل الدخول
form-check-inbox = تفقّد بريدك
form-inbox-sent = أرسلنا رسالة إلى { $email }. افتح الرابط الذي فيها لتأكيد عنوانك وتسجيل الدخول. قد يستغرق وصولها دقيقة؛ تفقّد مجلد الرسائل المزعجة أيضًا.
form-password-chosen = كلمة المرور التي اخترتها
form-password-chosen-hint = إن لم تكن أنت من أنشأ هذا الحساب فاترك هذا الحقل فارغًا: تُمحى أي كلمة مرور عُيّنت له، ويخرج كل من دخل إليه، وتختار كلمتك بنفسك.
form-verify-heading = أكّد عنوان بريدك الإلكتروني
form-verify-submit = أكّد عنواني
form-verify-intro = أكّد أن هذا العنوان لك لإتمام الأمر.
form-address-in-use = العنوان مستخدم من قبل
form-link-no-good = لم يعد هذا الرابط صالحًا
form-link-heading = بلا كلمة مرور؟ اطلب رابطًا
form-link-intro = يمكننا أن نرسل إليك رابطًا يُدخلك مرة واحدة.
form-link-submit = أرسل إليّ رابط الدخول
form-forgot = نسيت كلمة المرور؟
form-providers = أو استخدم حسابًا لديك في مكان آخر
form-sign-in-with = الدخول عبر { $name }
form-sign-in-link-on-its-way = إن كان { $email } عنوان حساب ما، فرابط الدخول في طريقه إليه. يعمل مرة واحدة وتنتهي صلاحيته قريبًا؛ تفقّد مجلد الرسائل المزعجة إن لم يصل.
form-reset-link-on-its-way = إن كان { $email } عنوان حساب ما، فرابط تغيير كلمة المرور في طريقه إليه. يعمل مرة واحدة وتنتهي صلاحيته قريبًا؛ تفقّد مجلد الرسائل المزعجة إن لم يصل.
form-press-to-sign-in = اضغط الزر لإتمام الدخول.
form-sign-me-in = أدخلني
form-reset-heading = غيّر كلمة المرور
form-reset-submit = أرسل إليّ رابط التغيير
form-reset-intro = { $count ->
    [zero] سنرسل رابطًا لاختيار كلمة مرور جديدة. تنتهي صلاحيته سريعًا.
    [one] سنرسل رابطًا لاختيار كلمة مرور جديدة. تنتهي صلاحيته بعد دقيقة.
    [two] سنرسل رابطًا لاختيار كلمة مرور جديدة. تنتهي صلاحيته بعد دقيقتين.
    [few] سنرسل رابطًا لاختيار كلمة مرور جديدة. تنتهي صلاحيته بعد { $count } دقائق.
    [many] سنرسل رابطًا لاختيار كلمة مرور جديدة. تنتهي صلاحيته بعد { $count } دقيقة.
   *[other] سنرسل رابطًا لاختيار كلمة مرور جديدة. تنتهي صلاحيته بعد { $count } دقيقة.
}
form-new-password-heading = اختر كلمة مرور جديدة
form-new-password-submit = احفظ كلمة المرور الجديدة
form-new-password = كلمة المرور الجديدة
form-current-password = كلمة المرور الحالية
form-new-email = عنوان البريد الجديد
form-email-password-hint = مطلوبة لتغيير العنوان.
form-setup-heading = أنشئ حساب المدير الأول
form-go-on-to-discussion = فتحت الرابط: تابع إلى النقاش
form-not-signed-in = لم تسجّل الدخول
form-confirm-yours = أكّد أن الحساب حسابك
form-confirm-yours-message = يستخدم حساب هنا العنوان { $email }. لتدخل إليه عبر { $provider } من الآن، افتح الرابط الذي أرسلناه إلى ذلك العنوان وأكّد: فهذا يثبت أن الحساب لك. وحتى ذلك الحين لا يُربط شيء ولا تكون قد دخلت.
form-link-accounts = اربط حساباتك
form-link-accounts-message = أتربط دخولك عبر { $provider } بالحساب @{ $handle } ({ $email }) هنا؟ ستتمكن حينها من الدخول إليه عبر { $provider } أيضًا، ويمكنك إزالة ذلك من صفحة حسابك.
form-link-and-sign-in = اربط وادخل
form-your-name = اسمك
form-your-name-hint = يظهر مع تعليقك.
form-guest-heading = علّق بصفتك ضيفًا
form-guest-submit = أرسل للمراجعة
form-guest-intro = على «{ $headline }». تظهر تعليقات الضيوف بعد أن يقرأها مشرف.
form-sign-in-instead = سجّل الدخول بدلًا من ذلك
form-thank-you = شكرًا لك
form-guest-thanks = تعليقك على «{ $headline }» لدى مشرفينا. سيظهر تحت المقالة بعد الموافقة عليه.
form-unsubscribe-heading = رسائل الردود
form-unsubscribe-ask = أتريد إيقاف رسائل الردود في هذا النقاش؟ لا يتأثر غيره من النقاشات.
form-unsubscribe-submit = أوقف هذه الرسائل
form-unsubscribed = أُلغي الاشتراك
form-unsubscribed-message = لن تصلك بعد الآن رسائل عن الردود في هذا النقاش.

## صفحة الحساب

account-heading = حسابك
account-signed-in-as = دخلت باسم { $name }
role-commenter = معلّق
role-writer = كاتب
role-editor = محرر
role-moderator = مشرف
role-admin = مدير
account-profile = الملف الشخصي
account-notify-replies = راسلني حين يرد أحد على تعليقاتي
account-save-profile = احفظ الملف الشخصي
account-alerts = تنبيهات المشرفين
account-alerts-legend = راسلني بشأن التعليقات المحجوزة للمراجعة أو التي أبلغ عنها القرّاء
account-alerts-none = بلا تنبيهات
account-alerts-each = رسالة لكل تعليق
account-alerts-digest = ملخص، مرة في الساعة على الأكثر
account-save-alerts = احفظ التنبيهات
account-email-confirmed = الآن: { $name } (مؤكَّد)
account-email-unconfirmed = الآن: { $name } (لم يُؤكَّد بعد)
account-change-email = غيّر العنوان
account-send-confirmation = أرسل رابط التأكيد
account-change-password = غيّر كلمة المرور
account-set-password = عيّن كلمة مرور
account-providers = الدخول بحسابات أخرى
account-linked-at = رُبط في { $until }
account-remove-provider = أزل الدخول عبر { $name }
account-providers-without-password = يمكنك من دونها الدخول بكلمة مرورك أو برابط يُرسل إلى عنوانك.
account-providers-without = يمكنك من دونها الدخول برابط يُرسل إلى عنوانك.
account-sessions = أين سجّلت الدخول
account-session-since = منذ { $until }
account-session-seen = آخر ظهور { $until }
account-this-browser = (هذا المتصفح)
account-end-others = اخرج من كل مكان آخر
account-data = بياناتك
account-download = نزّل بياناتي (JSON)
account-confirm-handle = اكتب معرّفك للتأكيد
account-delete-removes-comments = يحذف هذا حسابك ويُخرجك، ويمحو نص كل تعليق كتبته: يبقى مكان كل منها عبارة "حُذف هذا التعليق" لتحفظ الردود مكانها. لا يمكن التراجع عن ذلك.
account-delete-keeps-comments = يحذف هذا حسابك ويُخرجك. تبقى تعليقاتك موقّعة بـ"مستخدم محذوف" بدل اسمك. لا يمكن التراجع عن ذلك.
account-delete = احذف حسابي
account-deleted = حُذف الحساب
account-deleted-message = حُذف حسابك وخرجت.
account-email-link-sent = أرسلنا رابطًا إلى { $email }. يتغيّر العنوان حين تفتحه؛ وحتى ذلك الحين يبقى حسابك على { $current }.
account-done-profile = حُفظ ملفك الشخصي.
account-done-password = تغيّرت كلمة مرورك. خرجت المتصفحات الأخرى.
account-done-sessions = خرجت من كل مكان آخر.
account-done-linked = رُبط حسابك الآخر: يمكنك الدخول به من الآن.
account-done-unlinked = أُزيل هذا الدخول من حسابك.
account-done-alerts = حُفظ اختيارك للتنبيهات.
account-done-confirmed = أُكِّد عنوانك. لم تعد كلمة المرور التي عُيّنت قبل التأكيد صالحة، وخرج كل من سواك: اختر كلمة مرورك أدناه.
form-webhook-url = العنوان (https://…)

## الرسائل البريدية: لكل منها عنوان ونص

mail-verify-subject = أكّد عنوان بريدك الإلكتروني في { $site }
mail-verify-body =
    مرحبًا { $handle }،

    يُرجى تأكيد أن هذا عنوان بريدك الإلكتروني بفتح هذا الرابط:

    { $link }

    يعمل الرابط مرة واحدة وتنتهي صلاحيته بعد { $hours } ساعة. إن لم تطلب ذلك فتجاهل هذه الرسالة.
mail-sign-in-subject = الدخول إلى { $site }
mail-sign-in-body =
    هذا رابط دخولك:

    { $link }

    يعمل مرة واحدة وتنتهي صلاحيته بعد { $minutes } دقيقة. إن لم تطلبه فتجاهل هذه الرسالة؛ لا يستطيع أحد الدخول من دونه.
mail-identity-subject = اربط { $provider } بحسابك في { $site }
mail-identity-body =
    دخل أحدهم عبر { $provider } بهذا العنوان، وهو عنوان حسابك هنا.

    لتدخل إلى حسابك عبر { $provider } من الآن، افتح هذا الرابط وأكّد:

    { $link }

    يعمل مرة واحدة وتنتهي صلاحيته بعد { $minutes } دقيقة. إن لم تكن أنت فتجاهل هذه الرسالة: لا يتغيّر شيء من دون الرابط.
mail-reset-subject = غيّر كلمة مرورك في { $site }
mail-reset-body =
    طلب أحدهم تغيير كلمة مرور الحساب الذي يستخدم هذا العنوان.

    لاختيار كلمة مرور جديدة افتح هذا الرابط:

    { $link }

    يعمل مرة واحدة وتنتهي صلاحيته بعد { $minutes } دقيقة. إن لم تكن أنت فتجاهل هذه الرسالة: تبقى كلمة مرورك كما هي.
mail-already-registered-subject = حسابك في { $site }
mail-already-registered-body =
    حاول أحدهم إنشاء حساب بهذا العنوان، وله حساب من قبل.

    إن كنت أنت فسجّل الدخول من هنا: { $signin }
    أو، إن نسيت كلمة المرور، غيّرها من هنا: { $reset }

    إن لم تكن أنت فلا حاجة إلى أن تفعل شيئًا.
mail-reply-subject = ردّ عليك { $name } في { $site }
mail-reply-body =
    ردّ { $name } على تعليقك على «{ $headline }»:

    { $excerpt }

    اقرأه وردّ عليه: { $link }

    أوقف رسائل الردود في هذا النقاش: { $unsubscribe }
    أوقف كل رسائل الردود من صفحة حسابك: { $account }
mail-refusal-subject = لم يُنشر تعليقك في { $site }
mail-refusal-body =
    لم يُنشر تعليقك على «{ $headline }». { $why }

    إن رأيت في ذلك خطأ فيمكنك الاعتراض مرة واحدة، بملاحظة قصيرة، من التعليق نفسه (بعد تسجيل الدخول):

    { $link }
mail-email-change-subject = طلب تغيير البريد في { $site }
mail-email-change-body =
    طلب شخص دخل إلى حسابك تغيير عنوان بريده الإلكتروني إلى { $email }.

    لا يتم التغيير إلا بعد تأكيد العنوان الجديد. إن لم تكن أنت فغيّر كلمة مرورك من هنا: { $reset }
form-webhook-url-hint = كل تسليم طلبُ POST بصيغة JSON إلى هذا العنوان، موقَّع كما يشرح docs/webhooks.md.

## الأشخاص وسجلاتهم، للمشرفين

people-find = المعرّف أو الاسم
people-find-by-email = المعرّف أو الاسم أو عنوان البريد
people-nobody = لا أحد يطابق «{ $name }».
people-found = { $count ->
    [zero] لم يُعثر على أحد
    [one] عُثر على واحد
    [two] عُثر على اثنين
    [few] عُثر على { $count } أشخاص
    [many] عُثر على { $count } شخصًا
   *[other] عُثر على { $count } شخص
}
people-who = من
people-role = الدور
people-standing = وضع الحساب
people-joined = الانضمام
people-published = المنشورة
people-refused = المرفوضة
people-waiting = بانتظار القرار
standing-active = نشط
standing-suspended = موقوف
standing-banned = محظور
person-until = حتى { $until }
person-record = المنشورة: { $published }، المرفوضة: { $refused }، بانتظار القرار: { $waiting }
person-taken-down = { $count ->
    [zero] لم يُزل شيء مع الحظر
    [one] أُزيل تعليق واحد مع الحظر
    [two] أُزيل تعليقان مع الحظر
    [few] أُزيلت { $count } تعليقات مع الحظر
    [many] أُزيل { $count } تعليقًا مع الحظر
   *[other] أُزيل { $count } تعليق مع الحظر
}
person-trust = الثقة
person-trust-reset = تُحسب منذ { $until }، حين أعاد مشرف بدءها
person-trust-first = تُحسب منذ أول تعليق له
person-suspend = إيقاف
person-ban = حظر
person-remove-comments = { $count ->
    [zero] أزل أيضًا تعليقاته المنشورة (ولا شيء منها الآن)
    [one] أزل أيضًا تعليقه المنشور (يعود إن رُفع الحظر)
    [two] أزل أيضًا تعليقيه المنشورين (يعودان إن رُفع الحظر)
    [few] أزل أيضًا تعليقاته المنشورة الـ{ $count } (تعود إن رُفع الحظر)
    [many] أزل أيضًا تعليقاته المنشورة الـ{ $count } (تعود إن رُفع الحظر)
   *[other] أزل أيضًا تعليقاته المنشورة الـ{ $count } (تعود إن رُفع الحظر)
}
person-restore-all = اسمح له بالتعليق مجددًا وأعد تعليقاته
person-reset-trust = أعد بدء الثقة
person-staff = لا يُوقف فريق العمل ولا يُحظر؛ يغيّر المدير دورهم.
person-no-comments = لا شيء بعد.
person-older-comments = تعليقات أقدم
person-decisions = القرارات
person-no-decisions = لم يتخذ أي مشرف قرارًا بشأنه أو بشأن تعليقاته.
person-older-decisions = قرارات أقدم
person-newest = العودة إلى الأحدث

# جدول سجل الإشراف.
log-when = متى
log-by = من
log-action = الإجراء
log-on = على
log-reason = السبب
log-by-command-line = سطر الأوامر
log-by-setup-link = رابط الإعداد
log-target-comment = التعليق { $number }
log-target-user = المستخدم { $number }
log-action-approve = موافقة
log-action-approve-feature = موافقة وإبراز
log-action-reject = رفض
log-action-spam = رسالة مزعجة
log-action-feature = إبراز
log-action-unfeature = إلغاء الإبراز
log-action-suspend = إيقاف
log-action-ban = حظر
log-action-restore = إعادة السماح
log-action-reset-trust = إعادة بدء الثقة
log-action-role = تغيير الدور

## لوحة متابعة الإشراف

dash-title = لوحة متابعة الإشراف
dash-days = { $count ->
    [zero] مكتب الإشراف اليوم.
    [one] مكتب الإشراف خلال اليوم الأخير.
    [two] مكتب الإشراف خلال اليومين الأخيرين.
    [few] مكتب الإشراف خلال آخر { $count } أيام.
    [many] مكتب الإشراف خلال آخر { $count } يومًا.
   *[other] مكتب الإشراف خلال آخر { $count } يوم.
}
dash-intro = حتى { $until }؛ الأيام والساعات بالتوقيت العالمي.
dash-waiting-now = بانتظار القرار الآن
dash-flagged-now = المُبلَّغ عنها الآن
dash-median = الوقت الوسيط حتى القرار
dash-over-decisions = { $count ->
    [zero] بلا قرارات
    [one] على قرار واحد
    [two] على قرارين
    [few] على { $count } قرارات
    [many] على { $count } قرارًا
   *[other] على { $count } قرار
}
dash-nothing-decided = لم يُتخذ أي قرار بعد
dash-comments-day = التعليقات في آخر 24 ساعة
dash-approval = { $count ->
    [zero] نسبة الموافقة
    [one] نسبة الموافقة، يوم واحد
    [two] نسبة الموافقة، يومان
    [few] نسبة الموافقة، { $count } أيام
    [many] نسبة الموافقة، { $count } يومًا
   *[other] نسبة الموافقة، { $count } يوم
}
dash-approved-of = القرارات: { $approved } من { $decided }
dash-no-decisions = لا قرارات بعد
chart-percent = { $n }٪
chart-no-data = لا بيانات
chart-in-figures = { $title } بالأرقام
chart-hour = الساعة (بالتوقيت العالمي)
chart-day = اليوم (بالتوقيت العالمي)
chart-queue-title = بانتظار القرار في القائمة
chart-queue-none = لم ينتظر أي تعليق في القائمة خلال آخر { $days } يوم.
chart-queue-summary = أكبر عدد من التعليقات بانتظار القرار في أي لحظة من كل ساعة: الآن { $now }؛ وأقصاه { $most } في الساعة التي بدأت { $hour } (بالتوقيت العالمي).
chart-most-waiting = أقصى عدد منتظر
chart-queue-zero = الساعات التي بقيت فيها القائمة فارغة غير مدرجة.
chart-wait-title = الانتظار الوسيط حتى القرار
chart-wait-none = لم يُتخذ قرار في أي تعليق من القائمة خلال آخر { $days } يوم.
chart-wait-summary = الوقت الوسيط من دخول القائمة حتى قرار المشرف، يوميًا: { $wait } على كل القرارات وعددها { $count } خلال { $days } يوم.
chart-median-wait = الانتظار الوسيط
chart-nothing-decided = لا قرارات
chart-comments-title = التعليقات في الساعة
chart-comments-none = لا تعليقات خلال آخر { $days } يوم.
chart-comments-summary = عدد التعليقات خلال { $days } يوم: { $total }؛ وفي أكثر الساعات ازدحامًا، التي بدأت { $hour } (بالتوقيت العالمي): { $most }.
chart-comments = التعليقات
chart-comments-zero = الساعات الخالية من التعليقات غير مدرجة.
chart-approval-title = نسبة الموافقة
chart-approval-none = لا قرارات في التعليقات خلال آخر { $days } يوم.
chart-approval-summary = نسبة القرارات التي وافقت على التعليق، يوميًا: { $percent }٪ من القرارات وعددها { $count } خلال { $days } يوم.
chart-approved = الموافَق عليها
chart-no-decisions = لا قرارات
chart-approval-detail = { $percent }٪ ({ $approved } من { $decided })
dur-seconds = { $n } ث
dur-minutes = { $m } د
dur-hours = { $h } س
dur-hours-minutes = { $h } س { $m } د
dur-days = { $d } يوم
dur-days-hours = { $d } يوم { $h } س

## سجل الإشراف

log-title = سجل الإشراف
log-intro = كل قرار للمشرفين والمديرين، الأحدث أولًا. لا يُغيَّر هنا شيء ولا يُحذف أبدًا.
log-any = أي إجراء
log-by-handle = من (المعرّف)
log-anything = أي شيء
log-a-comment = تعليق
log-a-user = مستخدم
log-number = الرقم
log-from = من
log-until = حتى
log-filter = تصفية
log-csv = نزّل كل سطر يطابق التصفية بصيغة CSV
log-none = لا إدخالات.
log-older = أسطر أقدم

## قائمة المستخدمين للمدير

users-title = المستخدمون
users-webhooks = خطافات الويب
users-name = الاسم
users-unconfirmed = (غير مؤكَّد)
users-role-of = دور { $name }
users-save = احفظ
users-done-role = حُفظ الدور.
users-done-last-admin = لا يمكن للمدير الأخير التخلي عن دوره؛ اجعل شخصًا آخر مديرًا أولًا.
