/*
 * The warning before an idle session ends (citizen.sessie, templates/includes/sessie.html).
 *
 * The server decides: a session ends after SESSION_IDLE_SECONDEN without activity, with or
 * without this script. The script only asks the server how much time is left (a GET that
 * does not count as activity), opens the dialog SESSION_WAARSCHUWING_SECONDEN before the
 * end, and sends "Stay logged in" as a POST with the CSRF token when the person asks for
 * it (also with Escape). At the end it goes to the login page, where the server's message
 * says what happened, so an abandoned screen no longer shows anyone's data.
 *
 * Several tabs share one session: before it warns or ends, the script asks the server, so
 * activity in another tab keeps this one quiet.
 *
 * A file from static/, no inline code: the Content-Security-Policy allows nothing else.
 */
(function () {
  "use strict";

  var dialoog = document.getElementById("sessie-waarschuwing");
  if (!dialoog || typeof dialoog.showModal !== "function") {
    return;
  }
  var statusAdres = dialoog.getAttribute("data-status");
  var waarschuwing = Number(dialoog.getAttribute("data-waarschuwing")) * 1000;
  var blijvenForm = dialoog.querySelector("form[data-sessie-blijven]");
  var blijvenKnop = blijvenForm.querySelector("button");
  var timer = null;
  var focusVoorheen = null;
  var bezig = false;

  function plan(resterendSeconden) {
    var ms = resterendSeconden * 1000;
    window.clearTimeout(timer);
    if (ms > waarschuwing) {
      verberg();
      timer = window.setTimeout(controleer, ms - waarschuwing);
    } else {
      toon();
      // A second after the end: the server has ended the session by then.
      timer = window.setTimeout(controleer, Math.max(ms, 0) + 1000);
    }
  }

  function toon() {
    if (dialoog.open) {
      return;
    }
    focusVoorheen = document.activeElement;
    dialoog.showModal();
    blijvenKnop.focus();
  }

  function verberg() {
    if (dialoog.open) {
      dialoog.close();
    }
  }

  // However it closed (answered, or Escape): back to where the person was.
  dialoog.addEventListener("close", function () {
    var terug = focusVoorheen;
    focusVoorheen = null;
    if (terug && typeof terug.focus === "function" && document.contains(terug)) {
      terug.focus();
    }
  });

  // Whatever the server answered: time left, or (401) the session is over: to the login.
  function verwerk(antwoord) {
    if (antwoord.status === 401) {
      return antwoord.json().then(function (data) {
        window.location.assign(data.login);
      });
    }
    if (!antwoord.ok) {
      throw new Error("sessie: " + antwoord.status);
    }
    return antwoord.json().then(function (data) {
      plan(data.resterend);
    });
  }

  function controleer() {
    window.clearTimeout(timer);
    window
      .fetch(statusAdres, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      })
      .then(verwerk)
      .catch(function () {
        // Offline for a moment: ask again soon; the server keeps the time regardless.
        timer = window.setTimeout(controleer, 15000);
      });
  }

  function blijven() {
    if (bezig) {
      return;
    }
    bezig = true;
    var gegevens = new FormData(blijvenForm);
    window
      .fetch(blijvenForm.action, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "X-CSRFToken": gegevens.get("csrfmiddlewaretoken"),
        },
        body: gegevens,
      })
      .then(verwerk)
      .catch(function () {
        // The script could not do it: the plain form does (the server sends us back here).
        blijvenForm.submit();
      })
      .then(function () {
        bezig = false;
      });
  }

  blijvenForm.addEventListener("submit", function (event) {
    event.preventDefault();
    blijven();
  });
  // Escape is an answer too: someone is there. (Chrome may close the dialog anyway when it
  // opened without a click; the session is kept either way.)
  dialoog.addEventListener("cancel", function (event) {
    event.preventDefault();
    blijven();
  });
  // Timers sleep in hidden tabs and pages kept in the back-forward cache: ask again.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      controleer();
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      controleer();
    }
  });

  plan(Number(dialoog.getAttribute("data-resterend")));
})();
