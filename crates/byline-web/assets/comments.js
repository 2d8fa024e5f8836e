// Byline: live comments. This only enhances the page: without it every
// form still works and a reload shows what is new.
(function () {
  'use strict';
  var bar = document.getElementById('comments');
  if (!bar || !window.EventSource || !bar.dataset.live) return;

  // Announced to screen readers without moving focus.
  var status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  bar.appendChild(status);

  var source = new EventSource(bar.dataset.live);
  source.addEventListener('comment', function (message) {
    var comment = JSON.parse(message.data);
    if (document.getElementById('c-' + comment.id)) return;
    // Same-origin, sanitised on the server and escaped by its template.
    var holder = document.createElement('template');
    holder.innerHTML = comment.html;
    var item = holder.content.firstElementChild;
    if (!item) return;

    var list = bar.querySelector('ol.thread');
    if (comment.parent) {
      var parent = document.getElementById('c-' + comment.parent);
      if (!parent) return;
      list = parent.querySelector(':scope > ol.replies');
      if (!list) {
        list = document.createElement('ol');
        list.className = 'replies';
        parent.appendChild(list);
      }
    }
    if (!list) return;
    list.appendChild(item);

    var count = bar.querySelector('h2 .count');
    if (count) count.textContent = '(' + comment.count + ')';
    var empty = bar.querySelector('.no-comments');
    if (empty) empty.remove();
    var author = item.querySelector('.comment-author');
    status.textContent = 'New comment' + (author ? ' from ' + author.textContent : '');
  });
})();
