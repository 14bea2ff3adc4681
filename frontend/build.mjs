// Compile GOV.UK Frontend into static_build/ (never committed). No crown, logo or Transport font.
import { mkdirSync, copyFileSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static_build");
const gf = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
for (const d of ["css", "js", "govuk", "govuk/assets/images", "vendor"]) {
  mkdirSync(join(out, d), { recursive: true });
}

const result = sass.compile(join(root, "frontend", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
// The footer's copyright crest is not shipped: drop its references too, so no CSS names a
// missing file (collectstatic's hashed manifest, used in production, refuses one).
const css = result.css.replaceAll('url("/static/govuk/assets/images/govuk-crest.svg")', "none");
writeFileSync(join(out, "css", "app.css"), css);

copyFileSync(join(gf, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
copyFileSync(join(root, "frontend", "app.js"), join(out, "js", "app.js"));
// Only neutral images: the favicon is replaced by our own; no crown or crest is copied.
copyFileSync(join(root, "frontend", "favicon.svg"), join(out, "govuk", "assets", "images", "favicon.svg"));
// axe-core for the accessibility checks in browser tests (served only as a static file).
copyFileSync(join(root, "node_modules", "axe-core", "axe.min.js"), join(out, "vendor", "axe.min.js"));
console.log(`GOV.UK Frontend compiled into ${out} (${css.length} bytes of CSS)`);
