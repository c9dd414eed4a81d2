// "Sao chép liên kết" on a story page: progressive enhancement. Without
// JavaScript the button stays hidden (the address bar still has the link).
(function () {
  'use strict';
  var box = document.querySelector('[data-share]');
  if (!box) return;
  var button = box.querySelector('button');
  var status = box.querySelector('[role="status"]');
  var url = button.getAttribute('data-url') || window.location.href;

  function say(text) {
    // Emptied first, so saying the same words again is announced again.
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // Older browsers and plain http: a hidden text field and execCommand.
  function fallback() {
    var field = document.createElement('textarea');
    field.value = url;
    field.setAttribute('readonly', '');
    field.className = 'visually-hidden';
    document.body.appendChild(field);
    field.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(field);
    return ok;
  }

  function done(ok) {
    say(ok ? 'Đã sao chép' : 'Không sao chép được. Hãy chép địa chỉ: ' + url);
  }

  button.addEventListener('click', function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { done(true); }, function () { done(fallback()); });
    } else {
      done(fallback());
    }
  });
  box.hidden = false;
})();
