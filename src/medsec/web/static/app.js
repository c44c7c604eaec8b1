/* medsec team server: the little script the pages need (no inline scripts: see the CSP).
 * - shows an htmx request's error (header X-Medsec-Error) in the #flash area;
 * - asks for confirmation on elements with data-confirm (buttons, links, forms).
 */
(function () {
  "use strict";

  function flash(text, kind) {
    var area = document.getElementById("flash");
    if (!area) {
      area = document.createElement("div");
      area.id = "flash";
      area.setAttribute("role", "alert");
      var main = document.getElementById("main") || document.body;
      main.insertBefore(area, main.firstChild);
    }
    area.className = "flash " + (kind || "error");
    area.textContent = text;
  }

  function headerMessage(xhr) {
    var raw = xhr && xhr.getResponseHeader("X-Medsec-Error");
    if (!raw) { return null; }
    try { return JSON.parse('"' + raw + '"'); } catch (e) { return raw; }
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    flash(headerMessage(xhr) || ("The server answered " + xhr.status + "."), "error");
  });
  document.addEventListener("htmx:sendError", function () {
    flash("The server cannot be reached: check the connection and try again.", "error");
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (target && target.tagName !== "FORM" && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute("data-confirm") &&
        !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  }, true);

  window.medsec = { flash: flash };
}());
