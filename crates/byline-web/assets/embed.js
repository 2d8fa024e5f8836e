// Byline's comments under any page of an allowed site, with one tag:
//
//   <div id="byline-comments" data-byline-id="story-42">
//     <a href="https://comments.example/embed/thread?url=…">Read the discussion</a>
//   </div>
//   <script src="https://comments.example/embed.js" async></script>
//
// The container may say data-byline-url (else the page's canonical
// address), data-byline-id, data-byline-title (else the document's),
// data-byline-lang and data-byline-sso (a token for single sign-on).
// Elements with data-byline-count="URL" or data-byline-count-id="ID" get
// the number of comments, all asked for in one request.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !window.postMessage || !window.URL) return;
  var base = new URL(script.src).origin;

  function pageAddress(box) {
    if (box.dataset.bylineUrl) return new URL(box.dataset.bylineUrl, location.href).href;
    var canonical = document.querySelector('link[rel="canonical"]');
    return (canonical ? canonical.href : location.href).split('#')[0];
  }

  function mount(box) {
    var query = new URLSearchParams();
    query.set('url', pageAddress(box));
    if (box.dataset.bylineId) query.set('id', box.dataset.bylineId);
    query.set('title', box.dataset.bylineTitle || document.title);
    var lang = box.dataset.bylineLang || document.documentElement.lang;
    if (lang) query.set('lang', lang);
    var frame = document.createElement('iframe');
    frame.src = base + '/embed/thread?' + query.toString();
    frame.title = box.dataset.bylineLabel || 'Comments';
    frame.loading = 'lazy';
    frame.style.width = '100%';
    frame.style.border = '0';
    frame.style.height = '0';
    frame.style.display = 'block';
    box.appendChild(frame);
    var tokenSent = false;
    window.addEventListener('message', function (event) {
      if (event.origin !== base || event.source !== frame.contentWindow) return;
      var data = event.data || {};
      if (data.byline === 'ready') {
        // The discussion is here: the link for readers without scripts goes.
        Array.prototype.forEach.call(box.children, function (child) {
          if (child !== frame) child.hidden = true;
        });
        // The host's reader, once a page load: the frame switches to them
        // if someone else was signed in there.
        if (box.dataset.bylineSso && !tokenSent) {
          tokenSent = true;
          frame.contentWindow.postMessage({ byline: 'sso', token: box.dataset.bylineSso }, base);
        }
      } else if (data.byline === 'height' && typeof data.height === 'number' && data.height >= 0) {
        frame.style.height = Math.min(Math.ceil(data.height), 100000) + 'px';
      }
    });
  }

  function fillCounts() {
    var wanted = document.querySelectorAll('[data-byline-count], [data-byline-count-id]');
    if (!wanted.length || !window.fetch) return;
    var query = new URLSearchParams();
    Array.prototype.forEach.call(wanted, function (el) {
      if (el.dataset.bylineCount) query.append('url', new URL(el.dataset.bylineCount, location.href).href);
      else query.append('id', el.dataset.bylineCountId);
    });
    fetch(base + '/api/v1/embed/counts?' + query.toString(), { credentials: 'omit' })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (counts) {
        if (!counts) return;
        Array.prototype.forEach.call(wanted, function (el) {
          var n = el.dataset.bylineCount
            ? counts.urls[new URL(el.dataset.bylineCount, location.href).href]
            : counts.ids[el.dataset.bylineCountId];
          if (typeof n === 'number') el.textContent = String(n);
        });
      }, function () {});
  }

  var box = document.getElementById('byline-comments');
  if (box) mount(box);
  fillCounts();
})();
