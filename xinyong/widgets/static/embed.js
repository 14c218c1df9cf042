/* 信用武汉 counter-check widget loader, v1. Include on a service-centre page:
 *   <script src="https://PORTAL/widget/v1/embed.js" data-key="xk_…" data-approval="gov_procurement" async></script>
 * It inserts an iframe served by the portal and sizes it from the portal's messages (origin
 * checked both ways). No inline code, no eval, no cookies: works under a strict host CSP that
 * allows the portal in script-src and frame-src. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var portal = new URL(script.src).origin;
  var params = new URLSearchParams({
    key: script.getAttribute("data-key") || "",
    approval: script.getAttribute("data-approval") || "",
    host: window.location.origin
  });
  var frame = document.createElement("iframe");
  frame.src = portal + "/widget/v1/frame?" + params.toString();
  frame.title = "信用核查（信用武汉）";
  frame.setAttribute("width", "100%");
  frame.setAttribute("height", "420");
  frame.setAttribute("frameborder", "0");
  frame.setAttribute("loading", "eager");
  frame.setAttribute("referrerpolicy", "origin");
  var target = script.getAttribute("data-target");
  var place = target ? document.querySelector(target) : null;
  if (place) { place.appendChild(frame); } else { script.parentNode.insertBefore(frame, script.nextSibling); }
  window.addEventListener("message", function (event) {
    if (event.origin !== portal || event.source !== frame.contentWindow) { return; }
    var data = event.data || {};
    if (data.type === "xinyong:height" && typeof data.height === "number" && data.height > 0) {
      frame.setAttribute("height", String(Math.min(Math.ceil(data.height), 4000)));
    }
  });
})();
