// "Connect Canvas": OAuth2 in a popup, for hosts with a Canvas developer key (docs/canvas-oauth.md).
// The host starts the flow (its state is this host user's, once); Canvas sends the popup back to
// this page (LMS_CANVAS_REDIRECT_URI), which hands Canvas's answer to the page that opened it; that
// page finishes with the host and keeps the token in memory, as app.js does with a login.
"use strict";

(() => {
  const CANVAS_ANSWER = ["state", "code", "error", "error_description"];
  const returned = new URLSearchParams(location.search);

  // This page in the popup, back from Canvas: pass Canvas's answer on, to our own origin only.
  if (window.opener && returned.has("state")) {
    const answer = Object.fromEntries(CANVAS_ANSWER.filter((name) => returned.has(name))
      .map((name) => [name, returned.get(name)]));
    window.opener.postMessage({canvasOAuth: answer}, location.origin);
    window.close();
    return;
  }

  const button = document.createElement("button");
  button.id = "connect-canvas-button";
  button.textContent = "Connect Canvas";
  document.getElementById("login-button").after(button);

  button.addEventListener("click", async () => {
    // Opened inside the click, or popup blockers stop it; sent to Canvas once the host answers.
    const popup = window.open("about:blank", "canvas-oauth", "width=600,height=700");
    show("login-result", "busy", "Connecting Canvas…");
    try {
      if (!popup) {
        throw new Error("The browser blocked the Canvas window: allow pop-ups for this page");
      }
      const start = await callApi("/api/lms-oauth/start", hostBearer(), {});
      popup.location = start.authorization_url;
      const login = await callApi("/api/lms-oauth/finish", hostBearer(), await answerOf(popup));
      lmsToken = login.data.token;  // app.js's: pushes send it as X-LMS-Token
      document.getElementById("push-button").disabled = false;
      show("login-result", "done", `${login.message} as ${login.data.user.name} (Canvas)`);
    } catch (error) {
      popup?.close();
      show("login-result", "error", error.message);
    }
  });

  // Canvas's answer, posted by the popup we opened, from our own origin and nowhere else.
  function answerOf(popup) {
    return new Promise((resolve, reject) => {
      const onMessage = (event) => {
        if (event.origin === location.origin && event.source === popup &&
            event.data && event.data.canvasOAuth) {
          stop();
          resolve(event.data.canvasOAuth);
        }
      };
      // The popup closes itself after posting: give its message a moment to arrive first.
      const watch = setInterval(() => {
        if (popup.closed) {
          clearInterval(watch);
          setTimeout(() => { stop(); reject(new Error("The Canvas window was closed")); }, 1000);
        }
      }, 500);
      const stop = () => { clearInterval(watch); removeEventListener("message", onMessage); };
      addEventListener("message", onMessage);
    });
  }
})();
