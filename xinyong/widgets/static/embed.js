/* 信用武汉 counter-check widget loader, v1. On a service-centre page:
 *   <script src="https://PORTAL/widget/v1/embed.js" data-key="xk_…" data-session="xt_…"
 *           data-approval="gov_procurement" async></script>
 * data-key is the publishable key; data-session a counter session the page's back end minted
 * with its secret key (POST /api/v1/counter-sessions). Neither goes into a URL: the iframe
 * loads with no parameters, says "ready", and gets both by postMessage addressed to the
 * portal's origin only. A host may renew the session by setting data-session again; the frame
 * asks for it on every page. No inline code, no eval, no cookies: works under a strict host CSP
 * that allows the portal in script-src and frame-src. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var portal = new URL(script.src).origin;
  var frame = document.createElement("iframe");
  frame.src = portal + "/widget/v1/frame";
  frame.title = "信用核查（信用武汉）";
  frame.setAttribute("width", "100%");
  frame.setAttribute("height", "420");
  frame.setAttribute("frameborder", "0");
  frame.setAttribute("loading", "eager");
  frame.setAttribute("referrerpolicy", "no-referrer");
  var target = script.getAttribute("data-target");
  var place = target ? document.querySelector(target) : null;
  if (place) { place.appendChild(frame); } else { script.parentNode.insertBefore(frame, script.nextSibling); }
  window.addEventListener("message", function (event) {
    if (event.origin !== portal || event.source !== frame.contentWindow) { return; }
    var data = event.data || {};
    if (data.type === "xinyong:ready") {
      frame.contentWindow.postMessage({
        type: "xinyong:session",
        key: script.getAttribute("data-key") || "",
        token: script.getAttribute("data-session") || "",
        approval: script.getAttribute("data-approval") || ""
      }, portal);
    } else if (data.type === "xinyong:height" && typeof data.height === "number" && data.height > 0) {
      frame.setAttribute("height", String(Math.min(Math.ceil(data.height), 4000)));
    }
  });
})();
