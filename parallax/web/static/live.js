// Live updates without a reload, by polling the JSON API (a static file: the CSP allows no inline script).
// - A storyline's "What changed" list ([data-changes]) shows its changes newest first, marks those
//   recorded since the reader's last visit (kept in localStorage), and adds new ones as they come.
// - The index's storyline table (tbody[data-live]) is rebuilt when any change is recorded.
// Article text is untrusted: everything is written with textContent, never as HTML.
(function () {
  "use strict";
  var POLL_MS = 5000;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }

  function safeLink(href) {  // only the app's own paths
    return typeof href === "string" && href.charAt(0) === "/" && href.charAt(1) !== "/";
  }

  function changeItem(c, isNew) {
    var li = el("li", "change " + c.kind + (c.conflict ? " conflict" : "") + (isNew ? " new" : ""));
    li.setAttribute("data-id", String(c.id));
    if (isNew) { li.appendChild(el("span", "badge new-mark", "new")); li.appendChild(document.createTextNode(" ")); }
    li.appendChild(el("span", "badge kind", c.kind));
    li.appendChild(document.createTextNode(" " + c.what + " "));
    var meta = el("span", "meta");
    var time = el("time", null, String(c.at).slice(0, 16).replace("T", " "));
    time.setAttribute("datetime", c.at);
    meta.appendChild(time);
    meta.appendChild(document.createTextNode(" · round " + c.round));
    (c.links || []).forEach(function (href, i) {
      if (!safeLink(href)) { return; }
      meta.appendChild(document.createTextNode(" · "));
      var a = el("a", null, "source " + (i + 1));
      a.href = href;
      meta.appendChild(a);
    });
    li.appendChild(meta);
    return li;
  }

  function followChanges(panel) {
    var id = panel.getAttribute("data-changes");
    var list = panel.querySelector("ol.changes");
    var status = panel.querySelector(".live-status");
    var key = null;  // per followed storyline, so a visit under another id of the same story counts
    var last = 0;
    var follow = [];

    function remember() {
      try { window.localStorage.setItem(key, String(last)); } catch (e) { /* private mode: no memory */ }
    }
    function say(text) { if (status) { status.textContent = text; } }

    getJSON("/api/storylines/" + encodeURIComponent(id) + "/changes").then(function (data) {
      follow = data.follow || [];
      key = "parallax:seen:" + (follow.length ? follow.join(",") : id);
      var stored = null;
      try { stored = window.localStorage.getItem(key); } catch (e) { stored = null; }
      var seen = stored === null ? null : parseInt(stored, 10) || 0;  // null: a first visit marks nothing
      list.textContent = "";
      var fresh = 0;
      data.changes.forEach(function (c) {
        var isNew = seen !== null && c.id > seen;
        fresh += isNew ? 1 : 0;
        list.appendChild(changeItem(c, isNew));
      });
      if (!data.changes.length) {
        list.appendChild(el("li", "muted none", "No changes recorded yet; new ones appear here as parallax watch records them."));
      }
      last = data.last || 0;
      remember();
      say(fresh ? fresh + " new since your last visit" : "");
      if (follow.length) { window.setInterval(poll, POLL_MS); }
    }).catch(function () { say(""); });

    function poll() {
      var query = "?after=" + last + follow.map(function (s) { return "&storyline=" + encodeURIComponent(s); }).join("");
      getJSON("/api/changes" + query).then(function (data) {
        if (!data.changes.length) { return; }
        var none = list.querySelector(".none");
        if (none) { none.remove(); }
        data.changes.slice().reverse().forEach(function (c) {
          if (!list.querySelector('[data-id="' + c.id + '"]')) { list.insertBefore(changeItem(c, true), list.firstChild); }
        });
        last = Math.max(last, data.last || 0);
        remember();
        say(data.changes.length + " new just now");
      }).catch(function () { /* the next poll tries again */ });
    }
  }

  function storylineRow(s) {
    var tr = el("tr");
    var name = el("td");
    var a = el("a", null, s.title || s.id);
    a.href = "/storylines/" + encodeURIComponent(s.id);
    name.appendChild(a);
    tr.appendChild(name);
    var dates = (s.first_date || "undated") + (s.last_date && s.last_date !== s.first_date ? " – " + s.last_date : "");
    tr.appendChild(el("td", "meta", dates));
    tr.appendChild(el("td", "num", s.n_articles));
    tr.appendChild(el("td", "num", s.n_outlets));
    var conflicts = el("td", "num");
    if (s.n_conflicts) { conflicts.appendChild(el("span", "badge conflict", s.n_conflicts)); } else { conflicts.textContent = "0"; }
    tr.appendChild(conflicts);
    return tr;
  }

  function refreshIndex(tbody) {
    var status = document.getElementById("live-status");
    var last = null;
    function poll() {
      getJSON("/api/changes?limit=1&after=" + (last || 0)).then(function (data) {
        if (last === null) { last = data.last; return; }
        if (data.last <= last) { return; }
        last = data.last;
        return getJSON("/api/storylines?limit=50").then(function (lines) {
          tbody.textContent = "";
          lines.forEach(function (s) { tbody.appendChild(storylineRow(s)); });
          if (status) { status.textContent = "Updated " + new Date().toLocaleTimeString() + ": new changes recorded."; }
        });
      }).catch(function () { /* the next poll tries again */ });
    }
    poll();
    window.setInterval(poll, POLL_MS);
  }

  document.querySelectorAll("[data-changes]").forEach(followChanges);
  var table = document.querySelector("tbody[data-live='storylines']");
  if (table) { refreshIndex(table); }
})();
