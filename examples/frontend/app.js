// The frontend's calls: log in to the LMS, then push with both tokens; or download a package.
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
    // A background job (jobs.js): a long push outlives no timeout, and shows its progress.
    const result = await runAsJob(apiInput.value.replace(/\/$/, ""),
      `/api/courses/${courseId}/push-to-lms`,
      {...hostBearer(), "X-LMS-Token": lmsToken, "Idempotency-Key": newKey()},
      {
        asset_names: assetNames(),
        publish: true,
        export_format: "lms_standard",
      }, "push-progress");
    show("push-result", "done",
      `${result.message}: LMS course ${result.data.lms_course_id}\n` +
      JSON.stringify(result.data.exported_assets, null, 2));
  } catch (error) {
    show("push-result", "error", error.message);
  }
});

function assetNames() {
  return document.getElementById("asset-names").value.split(",").map((s) => s.trim());
}

// The server names the file (Content-Disposition); filename* carries the real, UTF-8 name.
function fileName(disposition, fallback) {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
  if (extended) {
    return decodeURIComponent(extended[1]);
  }
  const plain = /filename="([^"]+)"/i.exec(disposition || "");
  return plain ? plain[1] : fallback;
}

document.getElementById("download-button").addEventListener("click", async () => {
  show("download-result", "busy", "Building the package…");
  const courseId = encodeURIComponent(document.getElementById("course-id").value);
  const kind = document.getElementById("package-kind").value;
  try {
    const response = await fetch(
      `${apiInput.value.replace(/\/$/, "")}/api/courses/${courseId}/export-package`, {
        method: "POST",
        headers: {"Content-Type": "application/json", ...hostBearer()},
        body: JSON.stringify({asset_names: assetNames(), package: kind}),
      });
    if (!response.ok) {
      const payload = await response.json().catch(() => ({detail: response.statusText}));
      throw new Error(`${response.status}: ${payload.detail}`);
    }
    const name = fileName(response.headers.get("Content-Disposition"), `course.${kind}`);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    const warnings = response.headers.get("X-LMS-Package-Warnings");
    show("download-result", "done", `Downloaded ${name}` +
      (warnings ? `\n${warnings.split("; ").map(decodeURIComponent).join("\n")}` : ""));
  } catch (error) {
    show("download-result", "error", error.message);
  }
});

function newKey() {
  // randomUUID exists only in secure contexts (https, localhost, 127.0.0.1).
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}
