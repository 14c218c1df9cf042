/* Inside the widget iframe: report the page height to the embedding page (only to the origin
 * the key allows), and print the receipt. */
(function () {
  "use strict";
  var host = document.documentElement.getAttribute("data-host");
  function report() {
    if (host && window.parent !== window) {
      window.parent.postMessage({ type: "xinyong:height", height: document.documentElement.scrollHeight }, host);
    }
  }
  window.addEventListener("load", report);
  if (window.ResizeObserver) { new ResizeObserver(report).observe(document.body); }
  var print = document.getElementById("print-receipt");
  if (print) { print.addEventListener("click", function () { window.print(); }); }
})();
