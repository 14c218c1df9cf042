// Search-as-you-type for every search box (the only script on the site; pages work without it).
// ARIA 1.2 combobox: the input owns a listbox; arrows move, Enter opens, Escape closes.
(function () {
  "use strict";
  document.querySelectorAll("form[data-suggest]").forEach(function (form) {
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector("[role=listbox]");
    if (!input || !list) { return; }
    var endpoint = form.getAttribute("data-suggest");
    var items = [];
    var active = -1;
    var timer = null;
    var latest = 0;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function close() {
      list.hidden = true;
      list.textContent = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) { input.setAttribute("aria-activedescendant", items[index].id); }
      else { input.removeAttribute("aria-activedescendant"); }
    }

    function show(suggestions) {
      close();
      if (!suggestions.length) { return; }
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.url = s.url;
        var name = document.createElement("span");
        name.textContent = s.name;  // text, never HTML: names come from department files
        li.appendChild(name);
        if (s.uscc) {
          var code = document.createElement("span");
          code.className = "code";
          code.textContent = s.uscc;
          li.appendChild(code);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location.href = s.url; });
        list.appendChild(li);
        items.push(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    // An ID number must never travel in a URL (access logs, proxies, browser history), nor
    // the first part of one while it is being typed: a query holding something ID-like in any
    // written form (full-width, grouped with spaces or hyphens, next to letters) — a run of 15
    // or more digits, or one that starts like an ID (6-digit region, then a birth year and
    // month) — gets no suggestions. The search form itself still works.
    function looksLikeIdNumber(q) {
      var folded = q.replace(/[\uff10-\uff19\uff38\uff58]/g, function (c) {
        return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
      }).replace(/[\s\-+_\u2010-\u2015\u2212\u200b-\u200f\u2060\ufeff\u00ad]/g, "");
      return /[0-9]{15}/.test(folded) ||
        /(^|[^0-9])[1-9][0-9]{5}(18|19|20)[0-9]{2}/.test(folded);
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 2 || looksLikeIdNumber(q)) { close(); return; }
      var ticket = ++latest;
      fetch(endpoint + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (body) { if (ticket === latest) { show(body.suggestions || []); } })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && items.length) { e.preventDefault(); highlight((active + 1) % items.length); }
      else if (e.key === "ArrowUp" && items.length) { e.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = items[active].dataset.url; }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  });
})();
