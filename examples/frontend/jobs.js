// Long exports as background jobs (docs/jobs.md): send with Prefer: respond-async,
// then poll the job's status route, showing its progress, until it succeeds or fails.
"use strict";

const JOB_POLL_MS = 300;

// POST `path` as a job; resolves with the body the synchronous call would have returned.
async function runAsJob(base, path, headers, body, progressId) {
  const response = await fetch(base + path, {
    method: "POST",
    headers: {"Content-Type": "application/json", "Prefer": "respond-async", ...headers},
    body: JSON.stringify(body),
  });
  const accepted = await response.json().catch(() => ({detail: response.statusText}));
  if (response.status === 200) {
    return accepted;  // a server that does not run jobs answers at once
  }
  if (response.status !== 202) {
    throw new Error(`${response.status}: ${accepted.detail}`);
  }
  // The status route needs only the host bearer: the LMS token stays out of every poll.
  const bearer = {"Authorization": headers.Authorization};
  const statusUrl = base + (response.headers.get("Location") ||
                            `/api/lms-exports/${accepted.job_id}`);
  for (;;) {
    const job = await jobStatus(statusUrl, bearer);
    showJobProgress(progressId, job);
    if (job.status === "succeeded") {
      return job.result;
    }
    if (job.status === "failed") {
      throw new Error(`${job.error.status}: ${job.error.detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, JOB_POLL_MS));
  }
}

async function jobStatus(url, bearer) {
  const response = await fetch(url, {headers: bearer});
  const job = await response.json().catch(() => ({detail: response.statusText}));
  if (!response.ok) {
    throw new Error(`${response.status}: ${job.detail}`);
  }
  return job;
}

function showJobProgress(progressId, job) {
  const bar = document.getElementById(progressId);
  bar.hidden = false;
  bar.max = Math.max(job.progress.total, 1);
  bar.value = job.progress.done;
  bar.dataset.status = job.status;
  bar.title = `${job.status}: ${job.progress.done} of ${job.progress.total}`;
}
