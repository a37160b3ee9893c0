// Refreshes the event page's counts from figures.json (same origin, no library, no inline script).
(function () {
  "use strict";
  var box = document.getElementById("counts");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-refresh-url");
  var seconds = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 30;
  function refresh() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.shown) { return; }
        Object.keys(data.shown).forEach(function (name) {
          var cell = box.querySelector('[data-figure="' + name + '"]');
          if (cell && cell.textContent !== data.shown[name]) { cell.textContent = data.shown[name]; }
        });
      })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }
  window.setInterval(refresh, seconds * 1000);
}());
