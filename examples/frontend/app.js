// The frontend's two calls: log in to the LMS, then push with both tokens.
"use strict";

const apiInput = document.getElementById("api-url");
apiInput.value = new URLSearchParams(location.search).get("api") || "http://127.0.0.1:5000";
let lmsToken = null;  // kept in memory only, never in localStorage

async function callApi(path, headers, body) {
  const response = await fetch(apiInput.value.replace(/\/$/, "") + path, {
    method: "POST",
    headers: {"Content-Type": "application/json", ...headers},
    body: JSON.stringify(body),
  });
  const payload = await response.json().catch(() => ({detail: response.statusText}));
  if (!response.ok) {
    throw new Error(`${response.status}: ${payload.detail}`);
  }
  return payload;
}

function show(id, state, text) {
  const element = document.getElementById(id);
  element.dataset.state = state;
  element.textContent = text;
}

function hostBearer() {
  return {"Authorization": `Bearer ${document.getElementById("host-token").value}`};
}

document.getElementById("login-button").addEventListener("click", async () => {
  show("login-result", "busy", "Logging in…");
  try {
    const login = await callApi("/api/login-lms", hostBearer(), {
      email: document.getElementById("lms-email").value,
      password: document.getElementById("lms-password").value,
    });
    lmsToken = login.data.token;
    document.getElementById("push-button").disabled = false;
    show("login-result", "done", `${login.message} as ${login.data.user.name}`);
  } catch (error) {
    show("login-result", "error", error.message);
  }
});

document.getElementById("push-button").addEventListener("click", async () => {
  show("push-result", "busy", "Pushing…");
  const courseId = encodeURIComponent(document.getElementById("course-id").value);
  try {
    const result = await callApi(`/api/courses/${courseId}/push-to-lms`,
      {...hostBearer(), "X-LMS-Token": lmsToken, "Idempotency-Key": newKey()},
      {
        asset_names: document.getElementById("asset-names").value.split(",").map((s) => s.trim()),
        publish: true,
        export_format: "lms_standard",
      });
    show("push-result", "done",
      `${result.message}: LMS course ${result.data.lms_course_id}\n` +
      JSON.stringify(result.data.exported_assets, null, 2));
  } catch (error) {
    show("push-result", "error", error.message);
  }
});

function newKey() {
  // randomUUID exists only in secure contexts (https, localhost, 127.0.0.1).
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}
