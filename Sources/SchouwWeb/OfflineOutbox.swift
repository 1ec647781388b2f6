import SchouwCore

/// The entry form's outbox for a walker whose phone loses signal in the street.
///
/// The form is sent with `fetch`; when no answer comes (no network), the finding — its fields and its
/// photos — is kept in the browser's IndexedDB and sent again when the browser is back online, on the
/// next visit of the page, and every 15 seconds while any wait. Each finding carries the key (a UUID)
/// the page gave it, which becomes the finding's id, so a send repeated after a lost answer stores one
/// finding (see `addFinding`). A waiting finding is sent with `duplicate_ok`: the walker could not be
/// asked about a similar finding close by while offline, and nothing entered may be lost.
///
/// Hand-written rather than a library: it is ~150 lines of plain browser API (IndexedDB, fetch,
/// FormData), and the page must run with no script from the network under its CSP.
enum OfflineOutbox {
    /// Where the script tells how many findings wait; `data-group` keeps one group's outbox apart
    /// from another's on a shared phone.
    static func statusLine(_ l: Language, group: String) -> String {
        "<div id=\"outbox\" class=\"card\" role=\"status\" aria-live=\"polite\" hidden data-group=\"\(Page.escape(group))\""
            + " data-lang=\"\(l == .en ? "en" : "nl")\"></div>"
    }

    static let script = """
        (function () {
          if (!window.fetch || !window.indexedDB || !window.FormData) return;
          var en = document.documentElement.lang === 'en';
          function say(nl, english) { return en ? english : nl; }
          var sending = false, timer = null;

          function newKey() {
            if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
            var b = crypto.getRandomValues(new Uint8Array(16));
            b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
            var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
            return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
          }
          function store(mode, work) {
            return new Promise(function (resolve, reject) {
              var opening = indexedDB.open('schouw-outbox', 1);
              opening.onupgradeneeded = function () { opening.result.createObjectStore('findings', { keyPath: 'key' }); };
              opening.onerror = function () { reject(opening.error); };
              opening.onsuccess = function () {
                var db = opening.result, tx = db.transaction('findings', mode), result;
                var request = work(tx.objectStore('findings'));
                if (request) request.onsuccess = function () { result = request.result; };
                tx.oncomplete = function () { db.close(); resolve(result); };
                tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
              };
            });
          }
          function group() { var box = document.getElementById('outbox'); return box ? box.dataset.group : null; }
          function mine() {
            return store('readonly', function (s) { return s.getAll(); }).then(function (items) {
              return (items || []).filter(function (item) { return item.group === group(); })
                .sort(function (a, b) { return a.savedAt - b.savedAt; });
            });
          }
          function keep(item) { return store('readwrite', function (s) { return s.put(item); }); }
          function drop(key) { return store('readwrite', function (s) { return s.delete(key); }); }

          function form() { return document.getElementById('finding-form'); }
          function capture(f) {
            var fields = [], files = [];
            new FormData(f).forEach(function (value, name) {
              if (typeof value === 'string') fields.push([name, value]);
              else if (value && value.size > 0) files.push(value);
            });
            return { key: f.elements.key.value, group: group(), fields: fields, files: files, savedAt: Date.now() };
          }
          function body(item) {
            var data = new FormData(), f = form();
            var token = f && f.elements.csrf ? f.elements.csrf.value : null;
            item.fields.forEach(function (pair) { data.append(pair[0], pair[0] === 'csrf' && token ? token : pair[1]); });
            item.files.forEach(function (file) { data.append('photo', file, file.name || 'foto.jpg'); });
            return data;
          }
          function send(data) { return fetch('/meldingen', { method: 'POST', body: data, credentials: 'same-origin' }); }
          function stored(response) {
            return response.redirected && /^\\/meldingen\\/[0-9a-f-]{36}$/.test(new URL(response.url).pathname);
          }
          function freshForm(f) {
            f.reset();
            f.elements.key.value = newKey();
            f.elements.lon.value = ''; f.elements.lat.value = '';
            var pick = document.getElementById('pick'); if (pick) pick.style.display = 'none';
            var picked = document.getElementById('picked');
            if (picked) picked.textContent = say('Tik op de kaart waar het is, of kies hieronder een controlepunt of straat.',
                                                 'Tap the map where it is, or choose a checkpoint or street below.');
          }
          // A refused form (the server's page with the message and the typed values) replaces this one.
          function show(html) {
            var page = new DOMParser().parseFromString(html, 'text/html');
            document.title = page.title;
            document.body.innerHTML = page.body.innerHTML;
            if (window.schouwMap) window.schouwMap();
            refresh();
          }

          function refresh(note) {
            return mine().then(function (items) {
              var box = document.getElementById('outbox');
              if (!box) return;
              box.textContent = '';
              if (note) { var p = document.createElement('p'); p.textContent = note; box.appendChild(p); }
              if (items.length) {
                var count = document.createElement('p'); count.id = 'outbox-count';
                count.textContent = items.length === 1
                  ? say('1 melding wacht op verbinding en wordt vanzelf verstuurd.', '1 finding is waiting for a connection and will be sent by itself.')
                  : say(items.length + ' meldingen wachten op verbinding en worden vanzelf verstuurd.',
                        items.length + ' findings are waiting for a connection and will be sent by themselves.');
                box.appendChild(count);
                items.forEach(function (item) {
                  if (!item.problem) return;
                  var text = (item.fields.filter(function (p) { return p[0] === 'text'; })[0] || ['', ''])[1];
                  var line = document.createElement('p'); line.className = 'error';
                  line.textContent = (item.problem === 'login'
                    ? say('Log opnieuw in om te versturen: ', 'Log in again to send: ')
                    : say('Niet aangenomen, kijk hem na: ', 'Not accepted, please check: ')) + text.slice(0, 80);
                  if (item.problem !== 'login') {
                    var back = document.createElement('button'); back.type = 'button';
                    back.textContent = say('Terug in het formulier', 'Back into the form');
                    back.addEventListener('click', function () { restore(item); });
                    line.appendChild(document.createTextNode(' ')); line.appendChild(back);
                  }
                  box.appendChild(line);
                });
                var now = document.createElement('button'); now.type = 'button'; now.id = 'outbox-send';
                now.textContent = say('Nu versturen', 'Send now');
                now.addEventListener('click', function () { flush(); });
                box.appendChild(now);
              }
              box.hidden = !box.firstChild;
              if (items.length && !timer) timer = setInterval(flush, 15000);
              if (!items.length && timer) { clearInterval(timer); timer = null; }
            }).catch(function () {});
          }
          // Puts a refused waiting finding back into the form to correct it (photos included).
          function restore(item) {
            var f = form(); if (!f) return;
            item.fields.forEach(function (pair) {
              var field = f.elements[pair[0]];
              if (field && pair[0] !== 'csrf' && field.type !== 'file') field.value = pair[1];
            });
            try {
              var files = new DataTransfer();
              item.files.forEach(function (file) { files.items.add(file); });
              f.elements.photo.files = files.files;
            } catch (e) {}
            drop(item.key).then(function () { refresh(); f.scrollIntoView(); });
          }

          function flush() {
            if (sending) return Promise.resolve();
            sending = true;
            return mine().then(function (items) {
              return items.reduce(function (chain, item) {
                return chain.then(function () {
                  var data = body(item);
                  data.set('duplicate_ok', '1');
                  return send(data).then(function (response) {
                    if (stored(response)) return drop(item.key);
                    if (response.status >= 500 || response.status === 429) return;  // later
                    item.problem = response.redirected ? 'login' : 'refused';
                    return keep(item);
                  }, function () { /* still no network: later */ });
                });
              }, Promise.resolve());
            }).catch(function () {}).then(function () { sending = false; return refresh(); });
          }

          document.addEventListener('submit', function (event) {
            var f = event.target;
            if (!f || f.id !== 'finding-form') return;
            event.preventDefault();
            var item = capture(f), button = document.getElementById('save');
            if (button) button.disabled = true;
            function later(note) {
              return keep(item).then(function () { freshForm(f); return refresh(note); }).then(function () {
                var box = document.getElementById('outbox'); if (box) box.scrollIntoView({ block: 'center' });
              });
            }
            send(body(item)).then(function (response) {
              if (stored(response)) { window.location.href = response.url; return; }
              if (response.redirected || response.status >= 500) {
                // Logged out meanwhile, or the server failed: keep it, nothing typed is lost.
                return later(say('De melding is op deze telefoon bewaard en wordt verstuurd zodra het kan.',
                                 'The finding is kept on this phone and will be sent as soon as possible.'));
              }
              return response.text().then(show);
            }, function () {
              return later(say('Geen verbinding: de melding is op deze telefoon bewaard en wordt verstuurd zodra er weer verbinding is.',
                               'No connection: the finding is kept on this phone and will be sent once there is a connection again.'));
            }).then(function () { var b = document.getElementById('save'); if (b) b.disabled = false; });
          });
          window.addEventListener('online', function () { flush(); });
          refresh().then(function () { if (navigator.onLine !== false) flush(); });
        })();
        """
}
