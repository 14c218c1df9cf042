/* Inside the widget iframe. On the shell page: tell the parent we are ready, take the key and
 * counter session it sends, and post them (never in a URL) to get the check form. On every
 * page: report the height to the host origins the session allows, and print the receipt. */
(function () {
  "use strict";
  var hosts = (document.documentElement.getAttribute("data-hosts") || "").split(" ").filter(Boolean);
  var connect = document.getElementById("connect");
  if (connect && window.parent !== window) {
    window.addEventListener("message", function (event) {
      var data = event.data || {};
      if (event.source !== window.parent || data.type !== "xinyong:session") { return; }
      connect.elements.key.value = String(data.key || "");
      connect.elements.token.value = String(data.token || "");
      connect.elements.approval.value = String(data.approval || "");
      connect.submit();
    });
    window.parent.postMessage({ type: "xinyong:ready" }, "*");  // carries nothing
  }
  function report() {
    if (window.parent === window) { return; }
    hosts.forEach(function (host) {
      window.parent.postMessage({ type: "xinyong:height", height: document.documentElement.scrollHeight }, host);
    });
  }
  window.addEventListener("load", report);
  if (window.ResizeObserver) { new ResizeObserver(report).observe(document.body); }
  var print = document.getElementById("print-receipt");
  if (print) { print.addEventListener("click", function () { window.print(); }); }
})();
