// Byline: the story editor, enhanced. Without this script the editor is a
// plain form that saves with its button and previews on its own page. With
// it, the body is drawn beside the text as readers will see it, drafts and
// submitted stories save themselves a few seconds after each change, and
// leaving the page with changes not saved asks first.
(function () {
  'use strict';
  var form = document.querySelector('form.story-form[data-preview]');
  var pane = document.querySelector('.live-preview');
  if (!form || !pane || !window.fetch) return;
  var body = form.querySelector('#body');
  var language = form.querySelector('#language');
  if (!body) return;

  // Quiet for this long after a keystroke before the preview is drawn.
  var PREVIEW_AFTER = 400;
  // Quiet for this long after a change before an autosave, and never
  // longer than AUTOSAVE_AT_MOST after the first change not saved.
  var AUTOSAVE_AFTER = 3000;
  var AUTOSAVE_AT_MOST = 20000;

  function token() {
    var field = form.querySelector('input[name=csrf]');
    return field ? field.value : '';
  }

  // Posts JSON; resolves with {ok, status, data}. A refusal's data is the
  // API's {error: {code, message}}; no answer at all rejects.
  function post(url, payload) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token() },
      body: JSON.stringify(payload),
    }).then(function (response) {
      return response.json().then(
        function (data) {
          return { ok: response.ok, status: response.status, data: data };
        },
        function () {
          return { ok: false, status: response.status, data: {} };
        }
      );
    });
  }

  function errorOf(answer) {
    return (answer.data.error && answer.data.error.message) || 'That did not work.';
  }

  // ---------------------------------------------------------- live preview

  // Beside the body on wide screens, below it on narrow ones (site.css).
  var bodyField = body.closest('.field') || body;
  var split = document.createElement('div');
  split.className = 'editor-split';
  bodyField.before(split);
  split.append(bodyField, pane);
  pane.hidden = false;
  var shown = pane.querySelector('.story-body');
  var previewTimer = null;
  var previewAsked = 0;

  function showNote(text) {
    var note = document.createElement('p');
    note.className = 'preview-note';
    note.textContent = text;
    shown.replaceChildren(note);
  }

  function drawPreview() {
    var asked = ++previewAsked;
    post(form.dataset.preview, { body: body.value, language: language ? language.value : '' }).then(
      function (answer) {
        // An older answer arriving late is not drawn over a newer one.
        if (asked !== previewAsked) return;
        if (!answer.ok) return showNote(errorOf(answer));
        shown.lang = answer.data.lang;
        shown.dir = answer.data.dir;
        if (answer.data.html) {
          // Sanitised on the server, exactly as the article page has it.
          shown.innerHTML = answer.data.html;
        } else {
          showNote('Nothing to preview yet: the body is empty.');
        }
      },
      function () {
        if (asked === previewAsked) showNote('The preview cannot be drawn without a connection.');
      }
    );
  }

  function previewSoon() {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(drawPreview, PREVIEW_AFTER);
  }

  body.addEventListener('input', previewSoon);
  if (language) language.addEventListener('change', previewSoon);
  drawPreview();

  // -------------------------------------------------------------- autosave

  // What the form holds, as the server takes it.
  function fields() {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      // A photograph chosen to upload goes only with the Save button.
      if (name !== 'csrf' && typeof value === 'string') values[name] = value;
    });
    values.version = Number(values.version) || 0;
    return values;
  }

  function snapshot() {
    var values = fields();
    delete values.version;
    return JSON.stringify(values);
  }

  var saved = snapshot();
  var submitting = false;
  function unsaved() {
    return !submitting && snapshot() !== saved;
  }

  // Only a story already saved, still a draft or submitted: a story readers
  // may see changes only with the button.
  var autosaves = form.dataset.autosave && ['draft', 'submitted'].indexOf(form.dataset.state) !== -1;
  var status = null;
  if (autosaves) {
    status = document.createElement('p');
    status.className = 'autosave-status';
    status.setAttribute('aria-live', 'polite');
    form.querySelector('button[type=submit]').after(status);
  }

  var saveTimer = null;
  var firstChange = 0;
  var saving = null;
  // Once someone else has saved, autosave stops: the button compares.
  var stopped = false;

  function say(text) {
    if (status) status.textContent = text;
  }

  function timeNow() {
    return new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  // Every form on the page that starts from the story's version (save,
  // moves, restores) starts from the newest one.
  function setVersion(version) {
    document.querySelectorAll('.desk-editor input[name=version]').forEach(function (field) {
      field.value = String(version);
    });
  }

  function autosave() {
    saveTimer = null;
    firstChange = 0;
    if (stopped || saving || !unsaved()) return saving;
    var values = fields();
    var sent = snapshot();
    say('Saving…');
    saving = post(form.dataset.autosave, values)
      .then(
        function (answer) {
          if (answer.ok) {
            setVersion(answer.data.version);
            saved = sent;
            say('Saved at ' + timeNow());
          } else if (answer.status === 409) {
            stopped = true;
            say(
              answer.data.error && answer.data.error.code === 'edit_conflict'
                ? 'Not saved: someone else saved this story; save with the button to compare'
                : 'Not saved: ' + errorOf(answer) + ' Save with the button.'
            );
          } else {
            say('Not saved yet: ' + errorOf(answer));
          }
        },
        function () {
          say('Not saved: there is no connection. Your text is still here; save with the button later.');
        }
      )
      .then(function () {
        saving = null;
        // Changes made while this save was on its way.
        if (unsaved()) changed();
      });
    return saving;
  }

  function changed() {
    if (!autosaves || stopped) return;
    var now = Date.now();
    if (!firstChange) firstChange = now;
    window.clearTimeout(saveTimer);
    var wait = Math.min(AUTOSAVE_AFTER, Math.max(0, firstChange + AUTOSAVE_AT_MOST - now));
    saveTimer = window.setTimeout(autosave, wait);
  }

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);

  // The button's save starts from the version an autosave on its way
  // answers with, so it does not meet itself as someone else's change.
  form.addEventListener('submit', function (event) {
    window.clearTimeout(saveTimer);
    if (saving) {
      event.preventDefault();
      saving.then(function () {
        submitting = true;
        form.submit();
      });
      return;
    }
    submitting = true;
  });

  // Other forms on the page (moves, restores) leave it too: they ask
  // first like any other way out while changes are not saved.
  window.addEventListener('beforeunload', function (event) {
    if (!unsaved()) return;
    event.preventDefault();
    // Older browsers ask only when a message is set.
    event.returnValue = '';
  });

  // A page restored from the back-forward cache is the one left.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) submitting = false;
  });
})();
