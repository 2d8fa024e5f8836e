// Byline: the comments bar in another site's frame, and the sign-in popup
// it opens. Every message names the one origin it is for, and every
// message received is checked for where it came from.
(function () {
  'use strict';

  // In the popup: hand the one-time code to the frame that opened it.
  var handoff = document.getElementById('handoff');
  if (handoff) {
    if (window.opener) {
      window.opener.postMessage({ byline: 'signed-in', code: handoff.dataset.code }, window.location.origin);
      window.close();
    }
    return;
  }

  var bar = document.querySelector('.framed-bar');
  if (!bar || window.parent === window) return;
  var host = bar.dataset.host;
  var popup = null;

  function tell(message) {
    window.parent.postMessage(message, host);
  }

  // The host page sizes the frame to what it shows.
  var shown = 0;
  function measure() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== shown) {
      shown = height;
      tell({ byline: 'height', height: height });
    }
  }
  if (window.ResizeObserver) new ResizeObserver(measure).observe(document.documentElement);
  window.addEventListener('load', measure);

  function showProblem(text) {
    var note = bar.querySelector('.frame-problem');
    if (!note) {
      note = document.createElement('p');
      note.className = 'frame-problem form-error';
      note.setAttribute('role', 'alert');
      bar.insertBefore(note, bar.firstChild);
    }
    note.textContent = text;
  }

  // Trades a code or a host site's token for the frame's own session.
  function signIn(path, body) {
    fetch(path, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (response) {
      // 204: signed in as someone new; 200: as the same reader already.
      if (response.status === 204) window.location.reload();
      if (response.ok) return;
      return response.json().then(function (data) {
        showProblem((data.error && data.error.message) || 'Signing in did not work.');
      });
    }, function () {
      showProblem('Signing in did not work. Please try again.');
    });
  }

  window.addEventListener('message', function (event) {
    var data = event.data || {};
    if (popup && event.source === popup && event.origin === window.location.origin && data.byline === 'signed-in') {
      popup = null;
      if (typeof data.code === 'string') signIn('/api/v1/embed/session', { code: data.code });
    } else if (event.source === window.parent && event.origin === host && data.byline === 'sso') {
      if (typeof data.token === 'string') signIn('/api/v1/embed/sso', { token: data.token });
    }
  });

  bar.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-popup]');
    if (!link) return;
    var opened = window.open(link.href, 'byline-sign-in', 'popup,width=520,height=720');
    if (opened) {
      event.preventDefault();
      popup = opened;
    }
  });

  tell({ byline: 'ready' });
  measure();
})();
