// Byline: the moderation queue by keyboard. j and k move between comments,
// a approves, r rejects with the reason chosen, s marks spam. Without this
// script every decision is still a button.
(function () {
  'use strict';
  var items = Array.prototype.slice.call(document.querySelectorAll('.queue-item'));
  if (!items.length) return;
  var current = -1;

  function focusItem(index) {
    current = Math.max(0, Math.min(items.length - 1, index));
    var item = items[current];
    item.tabIndex = -1;
    item.focus();
    item.scrollIntoView({ block: 'nearest' });
  }

  // The decision goes through the item's own form, as a click would.
  function decide(decision) {
    var item = items[current];
    if (!item) return;
    var button = item.querySelector('button[name="decision"][value="' + decision + '"]');
    if (button) button.click();
  }

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // Keys typed into a field are the field's.
    if (event.target.closest && event.target.closest('input, select, textarea')) return;
    var actions = {
      j: function () { focusItem(current + 1); },
      k: function () { focusItem(current - 1); },
      a: function () { decide('approve'); },
      r: function () { decide('reject'); },
      s: function () { decide('spam'); },
    };
    var action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // Back from a decision: the next comment is the first one now.
  if (/[?&]done=/.test(window.location.search)) focusItem(0);
})();
