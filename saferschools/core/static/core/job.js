// The job page polls its small JSON status every 1.5 s (no request waits on the work) and
// reloads itself once the job has finished, to show the result. Without JavaScript the page
// refreshes itself (meta refresh in <noscript>).
const root = document.querySelector("[data-job]");
if (root && root.dataset.jobFinished !== "true") {
  const url = root.dataset.jobStatusUrl;
  const bar = root.querySelector("#job-progress");
  const pct = root.querySelector("[data-job-percent]");
  const msg = root.querySelector("[data-job-message]");
  const state = root.querySelector("[data-job-state]");
  const best = root.querySelector("[data-job-best]");
  const secs = root.querySelector("[data-job-seconds]");
  const tick = async () => {
    try {
      const r = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
      if (r.ok) {
        const s = await r.json();
        if (s.finished) {
          window.location.reload();
          return;
        }
        if (s.percent !== null) {
          bar.value = s.percent;
          bar.textContent = `${s.percent}%`;
          pct.textContent = `${s.percent}%`;
        }
        msg.textContent = s.message;
        state.textContent = s.state_label;
        if (s.seconds !== null) secs.textContent = `${Math.round(s.seconds)} s`;
        if (s.best_objective !== null) {
          let text = `Penalty ${Math.round(s.best_objective)}`;
          if (s.gap !== null) text += `, within ${s.gap.toFixed(3)} of the best possible (gap)`;
          best.textContent = text;
        }
      }
    } catch (e) {
      // a failed poll is retried at the next tick
    }
    window.setTimeout(tick, 1500);
  };
  window.setTimeout(tick, 1000);
}
