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
