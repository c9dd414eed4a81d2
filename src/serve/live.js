/* bangvang serve: reload the tab after a good check; show errors over the
 * last good page after a broken one, and take them away once fixed. */
(function () {
  'use strict';
  var version = null;
  var overlay = null;

  function show(errors) {
    if (!errors.length) {
      if (overlay) overlay.remove();
      overlay = null;
      return;
    }
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'bangvang-loi';
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,16,12,.93);color:#fff;font:15px/1.5 system-ui,sans-serif;padding:1.25rem';
      document.body.appendChild(overlay);
    }
    overlay.textContent = '';
    var h = document.createElement('h2');
    // Version 0: the site has never checked clean, there is no last good page.
    h.textContent = version > 0
      ? 'Bài viết có lỗi (' + errors.length + '). Trang vẫn hiện bản tốt gần nhất.'
      : 'Chưa dựng được trang: sửa ' + errors.length + ' lỗi dưới đây rồi lưu tệp; trang sẽ tự tải lại.';
    h.style.cssText = 'margin:0 0 1rem;color:#ffd54a;font-size:1.2rem';
    overlay.appendChild(h);
    errors.forEach(function (e) {
      var item = document.createElement('div');
      item.className = 'bangvang-loi-muc';
      item.style.cssText = 'margin:0 0 1rem;padding:.75rem;border-left:4px solid #ff6b6b;background:rgba(255,255,255,.06)';
      // An error of bangvang itself has no file to point at.
      if (e.path) {
        var where = document.createElement('code');
        where.textContent = e.path + (e.line ? ':' + e.line + ':' + e.column : '');
        item.appendChild(where);
      }
      var msg = document.createElement('p');
      msg.style.margin = '.25rem 0';
      // The code, as the terminal prints it: the guide's table is looked up by it.
      msg.textContent = (e.code ? 'Lỗi [' + e.code + ']: ' : '') + e.message;
      item.appendChild(msg);
      if (e.hint) {
        var hint = document.createElement('p');
        // pre-wrap keeps the line to copy on a line of its own, with its spaces.
        hint.style.cssText = 'margin:.25rem 0;color:#cfe8ff;white-space:pre-wrap';
        hint.textContent = 'Gợi ý: ' + e.hint;
        item.appendChild(hint);
      }
      overlay.appendChild(item);
    });
  }

  var source = new EventSource('/__bangvang/events');
  source.addEventListener('status', function (event) {
    var status = JSON.parse(event.data);
    if (version !== null && status.version !== version && !status.errors.length) {
      location.reload();
      return;
    }
    version = status.version;
    show(status.errors);
  });
})();
