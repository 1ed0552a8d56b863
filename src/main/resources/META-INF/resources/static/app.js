// Dashboard behaviour. No inline scripts anywhere: the Content-Security-Policy allows only files from /static.
(function () {
  "use strict";
  // htmx settings that keep it inside a strict CSP: no eval, no injected styles, no scripts from responses,
  // requests only to this origin; error answers (4xx/5xx) carry an HTML message that is swapped into #flash.
  htmx.config.includeIndicatorStyles = false;
  htmx.config.allowEval = false;
  htmx.config.allowScriptTags = false;
  htmx.config.selfRequestsOnly = true;
  htmx.config.historyCacheSize = 0; // pages may show a one-time secret: never keep them in localStorage
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "[45]..", swap: true, error: true }
  ];

  // Every htmx request carries the session's CSRF token.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) {
      event.detail.headers["X-CSRF-Token"] = meta.content;
    }
  });

  // Copy buttons: <button data-copy="element-id">. The secret is copied, never logged.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) {
      return;
    }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      button.textContent = "Copied";
    });
  });
})();
