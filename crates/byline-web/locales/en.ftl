# Byline's interface in English.
#
# Every message here must exist in ur.ftl and ar.ftl too, with each plural
# form its language has (the unit tests check both). Arguments: $count is a
# number, $name a person's name or handle, $site the site's title.

## Dates

# A moment written in full, which is always in UTC.
moment-utc = { $moment } UTC

## The frame of every page

skip-to-content = Skip to content
nav-sections = Sections
nav-account = Account
signed-in-as = Signed in as { $name }
nav-desk = Desk
nav-moderation = Moderation
nav-admin = Admin
sign-in = Sign in
sign-out = Sign out
create-account = Create account
footer-sitemap = Sitemap
feed-comments-title = { $site } · Comments
feed-story-comments-title = { $site } · Comments on { $headline }
go-to-front-page = Go to the front page

## Problems

problem-not-found = Page not found
problem-unauthorized = Sign in first
problem-forbidden = Not allowed
problem-method = That cannot be done here
problem-timeout = Too slow
problem-conflict = Not possible now
problem-too-large = Too much to send
problem-not-accepted = Not accepted
problem-too-many = Too many attempts
problem-internal = Something went wrong
problem-bad-request = That request was not understood
problem-message-not_found = There is no page at this address. It may have moved, or the link may be mistyped.
problem-message-forbidden = You do not have permission to do that. If you followed a link from another site, go to the page here and try again.
problem-message-too_fast = There have been too many attempts. Please wait a little and try again.
problem-message-internal = Something went wrong on our side. Please try again in a moment.

## Lists of stories

lead-story = Lead story
featured-comments = Featured comments
# A featured comment's line: who wrote it, on which story.
comment-on = { $author } on { $article }
latest = Latest
older-stories = Older stories
more-stories = More stories
no-stories-yet = No stories yet.
no-stories-here = No stories here yet.
edit-this-page = Edit this page
featured-content = Featured content
card-comments = { $count ->
    [one] { $count } comment
   *[other] { $count } comments
}

## A story

byline-by = By
# Between the names of a list (bylines), and before a note's date.
list-comma = {", "}
byline-and = {" "}and{" "}
story-updated = Updated
external-story = This is the discussion of a story published on another site.
read-the-story = Read the story
story-notes = Corrections and updates
note-correction = Correction
note-update = Update
story-tags = Tags

## The comments bar

comments-heading = Comments
# The invitation under the heading, unless the story has its own.
call-to-comment = What are your views on this? Share in the comments below.
moderate-discussion = Moderate this discussion
comments-closed = Comments are closed on this article.
join = { $signin } or { $signup } to join the discussion.
    .signin = Sign in
    .signup = create an account
join-framed = { $signin } to join the discussion.
    .signin = Sign in or create an account
join-or-guest = { $signin } or { $signup } to join the discussion, or { $guest }.
    .signin = Sign in
    .signup = create an account
    .guest = comment as a guest
join-or-guest-framed = { $signin } to join the discussion, or { $guest }.
    .signin = Sign in or create an account
    .guest = comment as a guest
confirm-email-to-join = Confirm your e-mail address (see { $account }) to join the discussion.
    .account = your account
suspended-until = A moderator has suspended your account until { $until }: until then you can read the discussion but not join it.
commenting-closed-to-you = A moderator has closed commenting to your account.
comments-premoderated = Comments on this article are reviewed by a moderator before they appear.
your-comment = Your comment
markdown-hint = Markdown works: **bold**, _italic_, [links](https://example.org), > quotes, lists and `code`.
preview = Preview
post-comment = Post comment
featured = Featured
see-in-discussion = See it in the discussion
sort-comments = Sort comments
sort = Sort:
sort-oldest = Oldest
sort-newest = Newest
sort-voted = Most voted
thread-rest = The rest of a long thread.
back-to-discussion = Back to the discussion
no-comments = There are no comments yet.
more-replies = More replies in this thread
more-comments = More comments

## One comment

guest = guest
edited = edited
deleted-user = Deleted user
votes = { $count ->
    [one] { $count } vote
   *[other] { $count } votes
}
awaiting-review = Awaiting review: only you can see this
not-published = Not published: only you can see this
in-reply-to = in reply to { $name }
comment-deleted = This comment was deleted.
comment-removed = This comment was removed by a moderator.
comment-concealed = This comment is not shown.
vote = Vote
voted = Voted
flag = Flag
flag-why = Why should a moderator look at this?
flag-reason-abuse = Abusive or hateful
flag-reason-spam = Spam or advertising
flag-reason-off-topic = Off topic
flag-reason-misinformation = False or misleading
flag-reason-other = Something else
send-flag = Send flag
edit = Edit
delete = Delete
feature = Feature
unfeature = Unfeature
appeal = Appeal
appeal-why = Why should a moderator read it again? You can appeal once.
send-appeal = Send appeal
reply = Reply
your-reply-to = Your reply to { $name }
post-reply = Post reply

## Choosing a language

# This language's name, written in itself.
language-name = English
language-heading = Language
language-legend = The language of the site's menus, buttons and messages
language-follow-page = Each page's own language
language-save = Save language
language-saved = Your choice of language is saved.

## Search

search-heading = Search
search-title = Search: { $q }
search-description = Search the stories of { $site }.
search-words = Search for
search-section = Section
search-any-section = Any section
search-from = Published from
search-to = Published until
search-button = Search
search-results-for = Stories with “{ $name }”
search-nothing = No published story holds all of those words. Try fewer words, or another spelling.
search-more = More results
search-bad-date = Write dates as the date fields do: year, month and day.
search-bad-page = That page of results does not exist. Start again from the first.

## Choosing colours

theme-heading = Colours
theme-legend = The colours the site is drawn in
theme-system = As my device asks (light or dark)
theme-light = Light
theme-dark = Dark
theme-save = Save colours
theme-saved = Your choice of colours is saved.

## Lists

# A tag's page.
tagged = Tagged: { $tag }
list-description = { $list }: the latest stories from { $site }.

## How long ago (on pages drawn for one person)

ago-now = just now
ago-minutes = { $count ->
    [one] a minute ago
   *[other] { $count } minutes ago
}
ago-hours = { $count ->
    [one] an hour ago
   *[other] { $count } hours ago
}
ago-days = { $count ->
    [one] a day ago
   *[other] { $count } days ago
}

## The moderators' desk

mod-queue = Queue
mod-people = People
mod-dashboard = Dashboard
# The queue's counts; a script keeps the numbers up to date.
mod-counts = Waiting: { $pending } · Flagged: { $flagged }
mod-keys = Keys:
mod-key-next = next
mod-key-previous = previous
mod-key-approve = approve
mod-key-feature = approve and feature
mod-key-reject = reject with the reason chosen
mod-key-spam = spam
mod-key-choose = choose
mod-key-number = reject for the reason of that number.
mod-keys-chosen = While comments are chosen, a decision is on all of them.
mod-tab-pending = Pending
mod-tab-flagged = Flagged
mod-tab-spam = Spam
mod-tab-rejected = Rejected
mod-tab-all = All
mod-only-article = Only comments on { $article }.
mod-every-article = Every article
mod-single = One comment, as the queue shows it.
mod-nothing = Nothing here.
mod-chosen-legend = The comments chosen
mod-approve = Approve
mod-feature = Approve and feature
mod-reason = Reason
mod-choose-why = Choose why…
mod-reject = Reject
mod-spam = Spam
mod-ask-reason = Choose why it is rejected: press a number from 1 to { $most }, or pick a reason in the list.
mod-js-chosen = Chosen.
mod-js-not-chosen = Not chosen.
mod-js-in-all = Chosen in all: { $count }.
mod-choose-comment = Choose comment { $number }, by { $name }
mod-on-article = on { $article }
mod-this-article-only = (this article only)
mod-in-reply-to = In reply to:
mod-appeal = Appeal:
mod-why-here = Why it is here
mod-flagged-by = { $count ->
    [one] Flagged by one reader:
   *[other] Flagged by { $count } readers:
}
mod-flag-by = by { $name }
mod-joined = Joined { $until }.
mod-author-record = Published: { $published }. Refused: { $refused }.
mod-full-history = Full history
mod-recent = Their latest other comments
mod-suspend-or-ban = Suspend or ban { $name }
mod-days = Days
mod-why = Why
mod-why-optional = Why (optional)
mod-suspend-sure = Yes, keep { $name } from commenting for these days
mod-suspend = Suspend author
mod-ban-sure = Yes, ban { $name } until a moderator lets them back
mod-ban = Ban author
mod-author-suspended = The author is suspended.
mod-author-banned = The author is banned.
mod-restore = Let them comment again
mod-author-staff = The author is staff: an admin changes their role; they are not suspended or banned.
mod-done-approve = Approved: the comment is published.
mod-done-feature = Approved and featured: the comment is published among the editors' picks.
mod-done-reject = Rejected: its author sees that it was not published.
mod-done-spam = Marked as spam.
mod-done-stale = Someone else decided on that comment first.
mod-done-none = No comments were chosen.
mod-done-approve-many = { $count ->
    [one] Approved one comment.
   *[other] Approved { $count } comments.
}
mod-done-feature-many = { $count ->
    [one] Approved and featured one comment.
   *[other] Approved and featured { $count } comments.
}
mod-done-reject-many = { $count ->
    [one] Rejected one comment.
   *[other] Rejected { $count } comments.
}
mod-done-spam-many = { $count ->
    [one] Marked one comment as spam.
   *[other] Marked { $count } comments as spam.
}
mod-done-suspend = The author is suspended.
mod-done-ban = The author is banned.
mod-done-restore = The author may comment again.
mod-done-reset-trust = Their trust starts again: their next comments are held as a new account's are.
mod-done-not-reader = Only readers can be suspended or banned; staff change by role.

# A comment's state.
status-waiting = waiting
status-published = published
status-rejected = rejected
status-spam = spam
status-withdrawn = withdrawn
status-removed = removed

# The rule that held or refused a comment, and what it asked for.
rule-comment-mode = Comment mode
rule-standing = Standing
rule-trust = Trust
rule-word-list = Word list
rule-links = Links
rule-repeated = Repeated text
rule-spam = Spam
rule-flags = Flags
rule-moderator = Moderator
rule-other = Rule
verdict-noted = noted
verdict-held = held
verdict-refused = refused

# Why a moderator rejected a comment.
refusal-abuse = Abusive or hateful
refusal-off-topic = Off topic
refusal-misinformation = False or misleading
refusal-personal = Personal information
refusal-other = Against the rules in another way

# What a rule saw, for moderators.
finding-closed = comments are closed
finding-premoderated = the article is pre-moderated
finding-banned = the author is banned
finding-suspended = the author is suspended until { $until }
finding-guest = a guest comment
finding-new-account = a new account (approved comments: { $approved } of { $needed })
finding-low-trust = low trust (approved: { $approved }, rejected: { $rejected })
finding-listed = listed term “{ $term }” ({ $how })
finding-listed-uncertain = listed term “{ $term }” ({ $how }); listed to refuse, held because the match is uncertain
finding-as-written = as written
finding-many-links = links: { $count } (more than { $most })
finding-untrusted-link = a link from an account not yet trusted
finding-repeated = the author posted this exact text recently
finding-spam = spam score { $score }: { $signals }
finding-flagged = { $count ->
    [one] flagged by one reader
   *[other] flagged by { $count } readers
}
disguise-split-up = joined letters
disguise-run-together = run-together word or hashtag
disguise-masked = masked letter
disguise-stretched = stretched letters
disguise-symbols = symbols read as letters
disguise-inflected = inflected form
disguise-prefixed = Arabic article or prefix
disguise-spelling = another Roman Urdu spelling
signal-pitch = advertising phrases
signal-links = several links
signal-shouting = shouting
signal-phone = a phone number
signal-repeated = a character repeated
signal-bare-link = a bare link

## Refusals: what was not done, and why

refused-too-fast = { $count ->
    [one] You are commenting very fast. Please wait { $count } second and send it again.
   *[other] You are commenting very fast. Please wait { $count } seconds and send it again.
}
refused-comment-too-long = The comment is { $length } characters long; the limit is { $most }.
refused-edit-window-over = { $count ->
    [one] Comments can be edited for { $count } minute after posting; that time is over.
   *[other] Comments can be edited for { $count } minutes after posting; that time is over.
}
refused-sign-in-locked = { $count ->
    [one] Too many failed attempts from here. Try your password again in { $count } minute, or get a sign-in link by e-mail below.
   *[other] Too many failed attempts from here. Try your password again in { $count } minutes, or get a sign-in link by e-mail below.
}
refused-sign-in-again = { $count ->
    [one] Your account has no password: sign out, sign in again with an e-mailed link, and change the address within { $count } minute (or set a password first).
   *[other] Your account has no password: sign out, sign in again with an e-mailed link, and change the address within { $count } minutes (or set a password first).
}
refused-reason-too-long = Give the reason in at most { $most } characters.
refused-appeal-note = An appeal needs a short note (at most { $most } characters).
refused-guest-name-empty = Your name must not be empty.
refused-guest-name-too-long = Your name must be at most { $most } characters.
refused-guest-name-invisible = Your name must not contain invisible or direction-changing characters.
refused-display-name-empty = The display name must not be empty.
refused-display-name-too-long = The display name must be at most { $most } characters.
refused-display-name-invisible = The display name must not contain invisible or direction-changing characters.
refused-new-password-too-short = The new password must be at least { $least } characters.
refused-new-password-too-long = The new password must be at most { $most } characters.
refused-new-password-common = The new password is too easy to guess{ $hint }; try a few unrelated words.
refused-password-too-short = The password must be at least { $least } characters.
refused-password-too-long = The password must be at most { $most } characters.
refused-password-common = The password is too easy to guess{ $hint }; try a few unrelated words.
refused-not-found = There is no such comment.
refused-closed = Comments are closed on this article.
refused-confirm-email = Confirm your e-mail address (see Your account) before commenting, voting or flagging.
refused-comment-empty = The comment is empty.
refused-parent-elsewhere = The comment you replied to is not part of this article.
refused-parent-removed = The comment you replied to has been removed, so it takes no replies.
refused-not-yours = Only its author can change a comment.
refused-not-published = Only published comments take votes and flags.
refused-own-comment = You cannot vote for or flag your own comment.
refused-bad-reason = Choose a reason for the flag.
refused-refusal-reason-missing = Choose why the comment is rejected.
refused-standing-reason-missing = Say why the author is suspended or banned: the log keeps it.
refused-suspension-length = Suspend for 1 to 365 days.
refused-too-many-chosen = Choose at most one page of comments at a time.
refused-not-allowed = Your role does not allow that.
refused-feature-unpublished = Only published comments can be featured.
refused-not-appealable = Only a refused comment can be appealed, and only once.
refused-wrong-password = The current password is not right.
refused-handle-not-typed = Type your handle exactly as shown to delete the account.
refused-last-admin = You are the only admin. Make someone else an admin first.
refused-no-such-account = That e-mail address and password do not match an account.
refused-sign-ups-from-here = Too many accounts were made from here lately. Please try again later.
refused-sign-up = Some of the fields need another look.
refused-link-no-good = This link has expired or has already been used. Ask for a new one and use it soon.
refused-not-the-accounts-password = That is not the password of this account. Leave the field empty if you did not create it.
refused-address-in-use = Another account confirmed this address first, so it cannot be used for this one.
refused-not-an-address = That is not an e-mail address such as name@example.org.
refused-too-many-links = There have been too many attempts. Please wait a little and try again.
refused-handle-taken = That handle is taken (or looks too much like one that is). Try another.
refused-email-taken = An account already uses this address.
mistake-handle-length = The handle must be between { $least } and { $most } characters.
mistake-handle-characters = The handle may hold only letters, digits and underscores.
mistake-handle-invisible = The handle must not contain invisible or direction-changing characters.
mistake-handle-mixed-script = The handle must be written in one script (not, say, Latin and Cyrillic letters mixed).

# Why a comment waits or was not published, for its author alone.
author-note-closed = Comments are closed on this article.
author-note-premoderated = Comments on this article are read by a moderator before they appear.
author-note-standing = Your account cannot comment at the moment.
author-note-words = It contains words this site does not publish.
author-note-spam = It looks like advertising or spam.
author-note-repeated = The same text was posted a moment ago.
author-note-held = A moderator will read it before it appears.
author-note-moderator = A moderator decided not to publish it.
author-note-moderator-abuse = A moderator found it abusive or hateful.
author-note-moderator-off-topic = A moderator found it off the topic of the article.
author-note-moderator-misinformation = A moderator found it false or misleading.
author-note-moderator-personal = A moderator found that it shares someone's personal information.
author-note-moderator-other = A moderator found it against this site's rules.

## What the comments script says

js-failed = That did not work.
js-failed-again = That did not work. Please try again.
js-preview-shown = Preview shown above the buttons.
js-posted = Your comment is posted.
js-pending = Your comment awaits review.
js-not-published = Your comment was not published; the reason is shown with it.
js-vote-given = Vote given.
js-vote-taken-back = Vote taken back.
js-flag-sent = Flag sent: a moderator will look at it.
js-yours-deleted = Your comment is deleted.
js-edit-label = Edit your comment
js-save-changes = Save changes
js-cancel = Cancel
js-changes-saved = Your changes are saved.
js-changes-saved-held = Your changes are saved; the comment is not shown to others for now.
js-new = New
js-new-comment = New comment
js-new-comment-from = New comment from { $name }
mistake-handle-or-address-taken = An account already uses this handle or address.

## Forms: signing up, signing in, links and passwords

form-sign-up-heading = Create an account
form-handle = Handle
form-handle-hint = 3–30 letters, digits or underscores, in one script. Shown with your comments.
form-display-name = Display name
form-email = E-mail address
form-email-hint = We send a link to confirm it. It is never shown to others.
form-password = Password
form-password-hint = At least 10 characters; a few unrelated words work well.
form-have-account = Already have an account? Sign in
form-check-inbox = Check your inbox
form-inbox-sent = We have sent a message to { $email }. Open the link in it to confirm your address and sign in. It can take a minute to arrive; check your spam folder too.
form-password-chosen = The password you chose
form-password-chosen-hint = If you did not create this account, leave this empty: any password set for it is cleared, everyone signed in to it is signed out, and you choose your own.
form-verify-heading = Confirm your e-mail address
form-verify-submit = Confirm my address
form-verify-intro = Confirm that this address is yours to finish.
form-address-in-use = Address already in use
form-link-no-good = That link no longer works
form-link-heading = No password? Get a link
form-link-intro = We can e-mail you a link that signs you in once.
form-link-submit = E-mail me a sign-in link
form-forgot = Forgot your password?
form-providers = Or use an account you have elsewhere
form-sign-in-with = Sign in with { $name }
form-sign-in-link-on-its-way = If an account uses { $email }, a sign-in link is on its way to it. It works once and expires soon; check your spam folder if it does not arrive.
form-reset-link-on-its-way = If an account uses { $email }, a password reset link is on its way to it. It works once and expires soon; check your spam folder if it does not arrive.
form-press-to-sign-in = Press the button to finish signing in.
form-sign-me-in = Sign me in
form-reset-heading = Reset your password
form-reset-submit = E-mail me a reset link
form-reset-intro = { $count ->
    [one] We will e-mail a link to choose a new password. It expires in { $count } minute.
   *[other] We will e-mail a link to choose a new password. It expires in { $count } minutes.
}
form-new-password-heading = Choose a new password
form-new-password-submit = Save the new password
form-new-password = New password
form-current-password = Current password
form-new-email = New e-mail address
form-email-password-hint = Needed to change the address.
form-setup-heading = Create the first admin
form-go-on-to-discussion = I have opened the link: go on to the discussion
form-not-signed-in = You are not signed in
form-confirm-yours = Confirm it is your account
form-confirm-yours-message = An account here already uses { $email }. To sign in to it with { $provider } from now on, open the link we have sent to that address and confirm: that shows the account is yours. Until then nothing is linked and you are not signed in.
form-link-accounts = Link your accounts
form-link-accounts-message = Link your { $provider } sign-in to the account @{ $handle } ({ $email }) here? You will then be able to sign in to it with { $provider } too, and you can remove that under Your account.
form-link-and-sign-in = Link and sign in
form-your-name = Your name
form-your-name-hint = Shown with your comment.
form-guest-heading = Comment as a guest
form-guest-submit = Send for review
form-guest-intro = On “{ $headline }”. Comments from guests appear once a moderator has read them.
form-sign-in-instead = Sign in instead
form-thank-you = Thank you
form-guest-thanks = Your comment on “{ $headline }” is with our moderators. It will appear under the article once approved.
form-unsubscribe-heading = Reply e-mails
form-unsubscribe-ask = Stop e-mails about replies in this thread? Other threads are not affected.
form-unsubscribe-submit = Stop these e-mails
form-unsubscribed = Unsubscribed
form-unsubscribed-message = You will get no more e-mails about replies in this thread.

## The account page

account-heading = Your account
account-signed-in-as = Signed in as { $name }
role-commenter = commenter
role-writer = writer
role-editor = editor
role-moderator = moderator
role-admin = admin
account-profile = Profile
account-notify-replies = E-mail me when someone replies to my comments
account-save-profile = Save profile
account-alerts = Alerts for moderators
account-alerts-legend = E-mail me about comments held for review or flagged by readers
account-alerts-none = No alerts
account-alerts-each = One e-mail for each
account-alerts-digest = A digest, at most once an hour
account-save-alerts = Save alerts
account-email-confirmed = Now: { $name } (confirmed)
account-email-unconfirmed = Now: { $name } (not confirmed yet)
account-change-email = Change address
account-send-confirmation = Send the confirmation link
account-change-password = Change password
account-set-password = Set a password
account-providers = Signing in with other accounts
account-linked-at = linked { $until }
account-remove-provider = Remove { $name } sign-in
account-providers-without-password = Without them you can still sign in with your password or a link e-mailed to your address.
account-providers-without = Without them you can still sign in with a link e-mailed to your address.
account-sessions = Where you are signed in
account-session-since = since { $until }
account-session-seen = last seen { $until }
account-this-browser = (this browser)
account-end-others = Sign out everywhere else
account-data = Your data
account-download = Download my data (JSON)
account-confirm-handle = Type your handle to confirm
account-delete-removes-comments = This removes your account and signs you out, and removes the text of every comment you wrote: each leaves a "This comment was deleted" mark so replies keep their place. It cannot be undone.
account-delete-keeps-comments = This removes your account and signs you out. Your comments stay, signed "Deleted user" instead of your name. It cannot be undone.
account-delete = Delete my account
account-deleted = Account deleted
account-deleted-message = Your account is deleted and you are signed out.
account-email-link-sent = We have sent a link to { $email }. The address changes when you open it; until then your account keeps { $current }.
account-done-profile = Your profile is saved.
account-done-password = Your password is changed. Other browsers were signed out.
account-done-sessions = You are signed out everywhere else.
account-done-linked = The account elsewhere is linked: you can sign in with it from now on.
account-done-unlinked = That sign-in is removed from your account.
account-done-alerts = Your choice of alerts is saved.
account-done-confirmed = Your address is confirmed. The password set before it was confirmed no longer works and everyone else was signed out: choose your own password below.
form-webhook-url = Address (https://…)

## E-mails: each a subject and a body ($site is the site's title)

mail-verify-subject = Confirm your e-mail address for { $site }
mail-verify-body =
    Hello { $handle },

    Please confirm that this is your e-mail address by opening this link:

    { $link }

    The link works once and expires in { $hours } hours. If you did not ask for this, ignore this message.
mail-sign-in-subject = Sign in to { $site }
mail-sign-in-body =
    Here is your link to sign in:

    { $link }

    It works once and expires in { $minutes } minutes. If you did not ask for it, ignore this message; nobody can sign in without it.
mail-identity-subject = Link { $provider } to your account on { $site }
mail-identity-body =
    Someone signed in with { $provider } using this address, which your account here already has.

    To sign in to your account with { $provider } from now on, open this link and confirm:

    { $link }

    It works once and expires in { $minutes } minutes. If it was not you, ignore this message: nothing changes without the link.
mail-reset-subject = Reset your password on { $site }
mail-reset-body =
    Someone asked to reset the password of the account that uses this address.

    To choose a new password, open this link:

    { $link }

    It works once and expires in { $minutes } minutes. If it was not you, ignore this message: your password stays as it is.
mail-already-registered-subject = Your account on { $site }
mail-already-registered-body =
    Someone tried to create an account with this address, which already has one.

    If it was you, sign in at { $signin }
    or, if you forgot your password, reset it at { $reset }

    If it was not you, you need do nothing.
mail-reply-subject = { $name } replied to you on { $site }
mail-reply-body =
    { $name } replied to your comment on "{ $headline }":

    { $excerpt }

    Read it and answer: { $link }

    Stop e-mails about replies in this thread: { $unsubscribe }
    Stop all reply e-mails under Your account: { $account }
mail-refusal-subject = Your comment on { $site } was not published
mail-refusal-body =
    Your comment on "{ $headline }" was not published. { $why }

    If you think this is a mistake, you may appeal once, with a short note, from the comment itself (signed in):

    { $link }
mail-email-change-subject = E-mail change requested on { $site }
mail-email-change-body =
    Someone signed in to your account asked to change its e-mail address to { $email }.

    The change happens only when the new address is confirmed. If this was not you, reset your password at { $reset }
form-webhook-url-hint = Each delivery is a POST of JSON to it, signed as docs/webhooks.md explains.

## People and their records, for moderators

people-find = Handle or name
people-find-by-email = Handle, name or e-mail address
people-nobody = Nobody matches “{ $name }”.
people-found = { $count ->
    [one] { $count } found
   *[other] { $count } found
}
people-who = Who
people-role = Role
people-standing = Standing
people-joined = Joined
people-published = Published
people-refused = Refused
people-waiting = Waiting
standing-active = active
standing-suspended = suspended
standing-banned = banned
person-until = until { $until }
person-record = { $published } published, { $refused } refused, { $waiting } waiting
person-taken-down = { $count ->
    [one] { $count } taken down with a ban
   *[other] { $count } taken down with a ban
}
person-trust = Trust
person-trust-reset = counted from { $until }, when a moderator reset it
person-trust-first = counted from their first comment
person-suspend = Suspend
person-ban = Ban
person-remove-comments = { $count ->
    [one] Also take down their { $count } published comment (lifting the ban puts it back)
   *[other] Also take down their { $count } published comments (lifting the ban puts them back)
}
person-restore-all = Let them comment again and put back their comments
person-reset-trust = Reset trust
person-staff = Staff are not suspended or banned; an admin changes their role.
person-no-comments = None yet.
person-older-comments = Older comments
person-decisions = Decisions
person-no-decisions = No moderator has acted on them or their comments.
person-older-decisions = Older decisions
person-newest = Back to the newest

# The moderation log's table.
log-when = When
log-by = By
log-action = Action
log-on = On
log-reason = Reason
log-by-command-line = the command line
log-by-setup-link = the setup link
log-target-comment = comment { $number }
log-target-user = user { $number }
log-action-approve = approve
log-action-approve-feature = approve and feature
log-action-reject = reject
log-action-spam = spam
log-action-feature = feature
log-action-unfeature = unfeature
log-action-suspend = suspend
log-action-ban = ban
log-action-restore = restore
log-action-reset-trust = reset trust
log-action-role = role

## The moderation dashboard

dash-title = Moderation dashboard
dash-days = { $count ->
    [one] The desk over the last day.
   *[other] The desk over the last { $count } days.
}
dash-intro = As of { $until }; days and hours are in UTC.
dash-waiting-now = Waiting now
dash-flagged-now = Flagged now
dash-median = Median time to a decision
dash-over-decisions = { $count ->
    [one] over { $count } decision
   *[other] over { $count } decisions
}
dash-nothing-decided = Nothing decided yet
dash-comments-day = Comments in the last 24 hours
dash-approval = { $count ->
    [one] Approval rate, { $count } day
   *[other] Approval rate, { $count } days
}
dash-approved-of = { $approved } of { $decided } decisions
dash-no-decisions = No decisions yet
chart-percent = { $n }%
chart-no-data = No data
chart-in-figures = { $title }, in figures
chart-hour = Hour (UTC)
chart-day = Day (UTC)
chart-queue-title = Waiting in the queue
chart-queue-none = No comment waited in the queue in the last { $days } days.
chart-queue-summary = The most comments waiting for a decision at any moment of each hour: { $now } now; at most { $most }, in the hour from { $hour } UTC.
chart-most-waiting = Most waiting
chart-queue-zero = Hours in which the queue stayed empty are left out.
chart-wait-title = Median wait for a decision
chart-wait-none = No comment waiting in the queue was decided in the last { $days } days.
chart-wait-summary = The median time from entering the queue to a moderator's decision, per day: { $wait } over all { $count } decisions in { $days } days.
chart-median-wait = Median wait
chart-nothing-decided = nothing decided
chart-comments-title = Comments per hour
chart-comments-none = No comments in the last { $days } days.
chart-comments-summary = { $total } comments in { $days } days; the busiest hour, from { $hour } UTC, had { $most }.
chart-comments = Comments
chart-comments-zero = Hours without comments are left out.
chart-approval-title = Approval rate
chart-approval-none = No decisions on comments in the last { $days } days.
chart-approval-summary = Share of decisions that approved the comment, per day: { $percent }% of { $count } decisions in { $days } days.
chart-approved = Approved
chart-no-decisions = no decisions
chart-approval-detail = { $percent }% ({ $approved } of { $decided })
dur-seconds = { $n } s
dur-minutes = { $m } min
dur-hours = { $h } h
dur-hours-minutes = { $h } h { $m } min
dur-days = { $d } d
dur-days-hours = { $d } d { $h } h

## The moderation log

log-title = Moderation log
log-intro = Every decision of moderators and admins, newest first. Nothing here is ever changed or removed.
log-any = Any
log-by-handle = By (handle)
log-anything = Anything
log-a-comment = a comment
log-a-user = a user
log-number = Number
log-from = From
log-until = Until
log-filter = Filter
log-csv = Download every line the filter matches as CSV
log-none = No entries.
log-older = Older lines

## The admin's list of users

users-title = Users
users-webhooks = Webhooks
users-name = Name
users-unconfirmed = (unconfirmed)
users-role-of = Role of { $name }
users-save = Save
users-done-role = The role is saved.
users-done-last-admin = The last admin cannot stop being one; make someone else an admin first.
