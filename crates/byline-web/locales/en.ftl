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
