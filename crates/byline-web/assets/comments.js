// Byline: the comments bar, enhanced. Without this script every form still
// works and a reload shows what is new. With it, posting, replying, editing,
// voting, flagging and deleting happen in place through the JSON API, and
// comments posted anywhere arrive live.
(function () {
  'use strict';
  var bar = document.getElementById('comments');
  if (!bar || !window.fetch) return;
  // Indented levels: deeper replies line up with their parent. The page
  // says how many, so the script and the server cannot disagree.
  var SHOWN_LEVELS = Number(bar.dataset.shownLevels) || 1;
  // Everything the script says, in the page's language, from the page.
  var WORDS = {};
  try {
    WORDS = JSON.parse(bar.dataset.words || '{}');
  } catch (e) {
    WORDS = {};
  }
  function say(key) {
    return WORDS[key] || key;
  }
  // The language of the site's words on this page, its numbers and plural
  // forms as the browser's own CLDR data writes them (the server's too).
  var compose = document.getElementById('compose');
  var LANG = (compose && compose.getAttribute('lang')) || document.documentElement.lang || undefined;
  function number(n) {
    try {
      return new Intl.NumberFormat(LANG).format(n);
    } catch (e) {
      return String(n);
    }
  }
  // "3 votes" in the page's language: the sample of the same plural form.
  function votes(n) {
    var samples = WORDS.votes || {};
    var words = null;
    try {
      var rules = new Intl.PluralRules(LANG);
      var form = rules.select(n);
      Object.keys(samples).forEach(function (sample) {
        if (words === null && rules.select(Number(sample)) === form) words = samples[sample];
      });
    } catch (e) {
      words = null;
    }
    return (words || '{n}').split('{n}').join(number(n));
  }

  // Announced to screen readers without moving focus.
  var status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  bar.appendChild(status);
  // Cleared first, so the same words twice are read twice.
  function announce(text) {
    status.textContent = '';
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  // Moves focus to an element that replaced the focused one.
  function focusOn(element) {
    element.tabIndex = -1;
    element.focus();
  }

  function token() {
    var field = bar.querySelector('input[name=csrf]');
    return field ? field.value : '';
  }

  // Calls the API; rejects with {message} on a refusal, or with
  // {offline: true} when the request never got an answer.
  function api(method, url, body) {
    var init = { method: method, credentials: 'same-origin', headers: { 'x-csrf-token': token() } };
    // The API's messages in the language of the bar's own words.
    if (LANG) init.headers['accept-language'] = LANG;
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(
      function (response) {
        return response.json().then(
          function (data) {
            if (!response.ok) throw { message: (data.error && data.error.message) || say('failed') };
            return data;
          },
          function () {
            throw { message: say('failedAgain') };
          }
        );
      },
      function () {
        throw { offline: true };
      }
    );
  }

  // Server-rendered, sanitised HTML of one comment.
  function fromHtml(html) {
    var holder = document.createElement('template');
    holder.innerHTML = html;
    return holder.content.firstElementChild;
  }

  function commentOf(id) {
    return document.getElementById('c-' + id);
  }

  function countBy(change, exact) {
    var count = bar.querySelector('h2 .count');
    if (!count) return;
    var now = exact !== undefined ? exact : Number(count.getAttribute('data-count') || 0) + change;
    count.setAttribute('data-count', String(now));
    count.textContent = '(' + number(now) + ')';
  }

  // Puts a new list item where its thread has it; false if its parent is
  // not on this page.
  function insert(item, parentId, depth) {
    var list = bar.querySelector('ol.thread');
    if (parentId) {
      var parent = commentOf(parentId);
      if (!parent) return false;
      if (depth >= SHOWN_LEVELS) {
        list = parent.parentNode;
      } else {
        list = parent.querySelector(':scope > ol.replies');
        if (!list) {
          list = document.createElement('ol');
          list.className = 'replies';
          parent.appendChild(list);
        }
      }
    }
    if (!list) return false;
    list.appendChild(item);
    var empty = bar.querySelector('.no-comments');
    if (empty) empty.remove();
    return true;
  }

  // A refusal's message above the form; the text stays as typed.
  function showError(form, message) {
    var note = form.previousElementSibling;
    if (!note || !note.classList.contains('form-error')) {
      note = document.createElement('p');
      note.className = 'form-error';
      note.setAttribute('role', 'alert');
      form.parentNode.insertBefore(note, form);
    }
    note.textContent = message;
  }

  function clearError(form) {
    var note = form.previousElementSibling;
    if (note && note.classList.contains('form-error')) note.remove();
  }

  function idFrom(action) {
    var match = /\/comments\/(\d+)\//.exec(action);
    return match ? match[1] : null;
  }

  // Sends a form through the API; a refusal shows its message, no answer at
  // all falls back to the page without the script (`fallback`, or sending
  // the form itself).
  function send(form, method, url, body, done, fallback) {
    var button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    api(method, url, body)
      .then(function (data) {
        clearError(form);
        done(data);
      })
      .catch(function (failure) {
        if (failure.offline) return fallback ? fallback() : form.submit();
        showError(form, failure.message);
      })
      .then(function () {
        if (button) button.disabled = false;
      });
  }

  var actions = {
    preview: function (form) {
      var text = form.querySelector('textarea');
      send(form, 'POST', '/api/v1/preview', { body: text.value }, function (data) {
        var box = form.querySelector('.comment-preview');
        if (!box) {
          box = document.createElement('div');
          box.className = 'comment-preview';
          box.setAttribute('aria-label', say('preview'));
          var label = document.createElement('p');
          label.className = 'preview-label';
          label.textContent = say('preview');
          var body = document.createElement('div');
          body.className = 'comment-body';
          body.dir = 'auto';
          box.append(label, body);
          form.querySelector('button[type=submit]').before(box);
        }
        // Sanitised on the server, as every comment on the page is.
        box.querySelector('.comment-body').innerHTML = data.html;
        announce(say('previewShown'));
      }, function () {
        // The plain form previews when it says so.
        var wanted = document.createElement('input');
        wanted.type = 'hidden';
        wanted.name = 'preview';
        wanted.value = 'yes';
        form.appendChild(wanted);
        form.submit();
      });
    },
    post: function (form) {
      var parentField = form.querySelector('input[name=parent_id]');
      var parent = parentField ? parseInt(parentField.value, 10) : null;
      var text = form.querySelector('textarea');
      var body = { body: text.value };
      if (parent) body.parent = parent;
      send(form, 'POST', bar.dataset.api, body, function (data) {
        var item = fromHtml(data.item_html);
        var existing = commentOf(data.comment.id);
        if (existing) {
          // The live stream was first: keep its place, take our buttons.
          existing.replaceChild(item.querySelector('article'), existing.querySelector('article'));
          item = existing;
        } else if (insert(item, data.comment.parent, data.comment.depth)) {
          if (data.comment.status === 'published') countBy(1);
        }
        text.value = '';
        var shown = form.querySelector('.comment-preview');
        if (shown) shown.remove();
        var details = form.closest('details');
        if (details) details.open = false;
        item.tabIndex = -1;
        item.focus();
        var outcome = {
          published: say('posted'),
          pending: say('pending'),
        }[data.comment.status];
        announce(outcome || say('notPublished'));
      });
    },
    vote: function (form) {
      var wanted = form.querySelector('input[name=vote]');
      var on = wanted.value === 'yes';
      var id = idFrom(form.action);
      send(form, on ? 'PUT' : 'DELETE', '/api/v1/comments/' + id + '/vote', undefined, function (data) {
        var button = form.querySelector('button');
        button.textContent = data.voted ? say('voted') : say('vote');
        button.setAttribute('aria-pressed', String(data.voted));
        wanted.value = data.voted ? 'no' : 'yes';
        var score = commentOf(id).querySelector(':scope > article .score');
        if (score) score.textContent = votes(data.score);
        announce(data.voted ? say('voteGiven') : say('voteTakenBack'));
      });
    },
    flag: function (form) {
      var reason = form.querySelector('select').value;
      send(form, 'POST', '/api/v1/comments/' + idFrom(form.action) + '/flags', { reason: reason }, function () {
        var details = form.closest('details');
        var thanks = document.createElement('span');
        thanks.className = 'flag-sent';
        thanks.textContent = say('flagSent');
        details.replaceWith(thanks);
        focusOn(thanks);
        announce(thanks.textContent);
      });
    },
    remove: function (form) {
      var id = idFrom(form.action);
      send(form, 'DELETE', '/api/v1/comments/' + id, undefined, function () {
        var article = commentOf(id).querySelector(':scope > article');
        var wasPublished = !article.classList.contains('pending');
        article.classList.add('tombstone');
        var note = document.createElement('p');
        note.className = 'comment-body tombstone-note';
        note.textContent = say('commentDeleted');
        article.querySelector(':scope > .comment-body').replaceWith(note);
        article.querySelectorAll(':scope > .comment-actions, :scope > .reply, :scope > .edit-form, .score').forEach(function (el) {
          el.remove();
        });
        if (wasPublished) countBy(-1);
        focusOn(note);
        announce(say('yoursDeleted'));
      });
    },
  };

  bar.addEventListener('submit', function (event) {
    var form = event.target;
    var kind = form.classList.contains('comment-form')
      ? 'post'
      : form.classList.contains('vote-form')
        ? 'vote'
        : form.classList.contains('flag-form')
          ? 'flag'
          : form.classList.contains('delete-form')
            ? 'remove'
            : null;
    if (!kind || !bar.dataset.api) return;
    if (kind === 'post' && event.submitter && event.submitter.name === 'preview') kind = 'preview';
    event.preventDefault();
    actions[kind](form);
  });

  // Editing in place: the comment's text becomes a form until saved.
  bar.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a.edit-link');
    if (!link) return;
    var id = idFrom(link.getAttribute('href') + '/');
    var article = commentOf(id).querySelector(':scope > article');
    if (article.querySelector(':scope > .edit-form')) return event.preventDefault();
    event.preventDefault();
    api('GET', '/api/v1/comments/' + id).then(
      function (data) {
        if (data.source === undefined) return (window.location.href = link.href);
        openEditor(article, id, data.source);
      },
      function () {
        window.location.href = link.href;
      }
    );
  });

  function openEditor(article, id, source) {
    var body = article.querySelector(':scope > .comment-body');
    var form = document.createElement('form');
    form.className = 'edit-form';
    var label = document.createElement('label');
    label.htmlFor = 'edit-' + id;
    label.textContent = say('editLabel');
    var text = document.createElement('textarea');
    text.id = 'edit-' + id;
    text.rows = 4;
    text.dir = 'auto';
    text.required = true;
    text.value = source;
    var save = document.createElement('button');
    save.type = 'submit';
    save.textContent = say('saveChanges');
    var cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'link-button';
    cancel.textContent = say('cancel');
    form.append(label, text, save, ' ', cancel);
    body.hidden = true;
    body.after(form);
    text.focus();

    function close() {
      form.remove();
      body.hidden = false;
      focusOn(body);
    }
    cancel.addEventListener('click', close);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      event.stopPropagation();
      send(
        form,
        'PATCH',
        '/api/v1/comments/' + id,
        { body: text.value },
        function (data) {
          // The comment as the server now draws it: the policy may have sent
          // it for review or refused it, and it says so.
          var wasPublished = !article.classList.contains('pending');
          var fresh = fromHtml(data.item_html).querySelector('article');
          article.replaceWith(fresh);
          if (wasPublished && data.comment.status !== 'published') countBy(-1);
          focusOn(fresh);
          announce(
            data.comment.status === 'published'
              ? say('changesSaved')
              : say('changesSavedHeld')
          );
        },
        function () {
          window.location.href = '/comments/' + id + '/edit';
        }
      );
    });
  }

  // Live: comments posted anywhere appear without a reload.
  if (!window.EventSource || !bar.dataset.live) return;
  var source = new EventSource(bar.dataset.live);
  source.addEventListener('comment', function (message) {
    var comment = JSON.parse(message.data);
    if (commentOf(comment.id)) return;
    var item = fromHtml(comment.html);
    if (!item) return;
    var depth = 0;
    for (var up = commentOf(comment.parent); up; up = up.parentNode.closest('li.comment-item')) depth++;
    if (!insert(item, comment.parent, depth)) return;
    countBy(0, comment.count);
    var badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = say('new');
    item.querySelector('.comment-meta').appendChild(badge);
    var author = item.querySelector('.comment-author');
    announce(author ? say('newCommentFrom').split('{name}').join(author.textContent) : say('newComment'));
  });
})();
