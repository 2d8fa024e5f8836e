// Byline: the moderation queue by keyboard, and its live count. j and k
// move between comments, a approves, f approves and features, r rejects
// with the reason chosen (asking for one if none is), 1 to 9 reject for
// the reason of that number in the list, s marks spam, x chooses a
// comment for a decision on several; while any are chosen, a decision is
// on all of them. After a decision the focus stays where it was, on the
// comment that moved up. Without this script every decision is still a
// button, and the count is right as of the page's loading.
(function () {
  'use strict';
  // A number in the page's language, as the server writes them.
  function number(n) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined).format(n);
    } catch (e) {
      return String(n);
    }
  }
  liveCount();
  var items = Array.prototype.slice.call(document.querySelectorAll('.queue-item'));
  if (!items.length) return;
  var current = -1;

  // Ticks or unticks the comment, and says how many are chosen.
  function choose() {
    var box = items[current] && items[current].querySelector('.queue-choose');
    if (!box) return;
    box.checked = !box.checked;
    var chosen = document.querySelectorAll('.queue-choose:checked').length;
    var said = document.getElementById('queue-chosen');
    if (!said) return;
    // The words are the page's, in its language, from the server.
    var state = said.getAttribute(box.checked ? 'data-chosen' : 'data-not-chosen');
    said.textContent = state + ' ' + said.getAttribute('data-in-all').replace('{n}', number(chosen));
  }

  function focusItem(index) {
    current = Math.max(0, Math.min(items.length - 1, index));
    var item = items[current];
    item.tabIndex = -1;
    item.focus();
    item.scrollIntoView({ block: 'nearest' });
  }

  // The decision goes through a form, as a click would: the one for
  // several while comments are chosen, else the focused comment's own.
  // `reason`, for a rejection, is the number of a reason in the list; a
  // rejection without one, by number or chosen in the list, is not sent:
  // the page asks for the reason instead.
  function decide(decision, reason) {
    var chosen = document.querySelector('.queue-choose:checked');
    var scope = chosen ? document.getElementById('bulk') : items[current];
    if (!scope) return;
    var button = scope.querySelector('button[name="decision"][value="' + decision + '"]');
    if (!button) return;
    if (decision === 'reject') {
      var list = button.form.querySelector('select[name="reason"]');
      if (!list) return;
      var reasons = Array.prototype.filter.call(list.options, function (option) { return option.value; });
      if (reason) {
        if (reason > reasons.length) return;
        reasons[reason - 1].selected = true;
      } else if (!list.value) {
        ask(scope, list.getAttribute('data-ask'));
        return;
      }
    }
    button.click();
  }

  // Says what a decision still needs, beside the comment's buttons (or in
  // the live region for the comments chosen).
  function ask(scope, text) {
    var said = scope.querySelector('.queue-ask') || document.getElementById('queue-chosen');
    if (said) said.textContent = text;
  }

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // Keys typed into a field are the field's.
    if (event.target.closest && event.target.closest('input, select, textarea')) return;
    var actions = {
      j: function () { focusItem(current + 1); },
      k: function () { focusItem(current - 1); },
      a: function () { decide('approve'); },
      f: function () { decide('feature'); },
      x: choose,
      r: function () { decide('reject'); },
      s: function () { decide('spam'); },
    };
    var action = actions[event.key];
    if (/^[1-9]$/.test(event.key)) {
      var reason = Number(event.key);
      action = function () { decide('reject', reason); };
    }
    if (!action) return;
    event.preventDefault();
    action();
  });

  // Back from a decision: the comment that moved up into the decided
  // one's place (the address names it), else the first.
  if (/[?&]done=/.test(window.location.search)) {
    var next = /^#q-\d+$/.test(window.location.hash) ? document.getElementById(window.location.hash.slice(1)) : null;
    var at = next ? items.indexOf(next) : -1;
    focusItem(at < 0 ? 0 : at);
  }

  // The counts follow the server's stream; the title carries the waiting
  // count so a moderator sees it from another tab.
  function liveCount() {
    var counts = document.getElementById('queue-counts');
    if (!counts || !window.EventSource) return;
    var title = document.title;
    var source = new EventSource(counts.getAttribute('data-live'));
    source.addEventListener('counts', function (event) {
      var data = JSON.parse(event.data);
      // Only the numbers change; the words around them are the page's.
      Array.prototype.forEach.call(counts.querySelectorAll('[data-count]'), function (span) {
        var text = number(data[span.getAttribute('data-count')] || 0);
        if (span.textContent !== text) span.textContent = text;
      });
      document.title = (data.pending ? '(' + data.pending + ') ' : '') + title;
    });
  }
})();
