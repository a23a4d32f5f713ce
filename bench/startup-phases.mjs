// One `analyze` of a bundle in-process, as the CLI runs it (zip or folder → html), printing the
// CPU milliseconds of each step as JSON (bench/startup.ts runs it in fresh plain node processes).
// `node start` is the CPU node used before this script's first line.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const steps = [['node start', cpu()]];
const mark = (name) => steps.push([name, cpu()]);
const dist = (m) => import(new URL(`../dist/${m}`, import.meta.url).href);
const [{ analyze }, { buildReportModel }, { renderHtml }] = await Promise.all([
  dist('analyze.js'),
  dist('report/model.js'),
  dist('report/render-html.js'),
]);
mark('import analyze + report modules');
// analyze() reports its phases: reading ends when facts start, facts + rule loading when rules
// are evaluated, evaluation when it is done.
const NEXT = {
  facts: 'open + read + parse',
  rules: 'facts + rule loading',
  done: 'rule evaluation',
};
const seen = new Set();
const result = await analyze([process.argv[2]], {
  onProgress: (p) => {
    const name = NEXT[p.phase];
    if (name && !seen.has(name)) {
      seen.add(name);
      mark(name);
    }
  },
});
const model = buildReportModel(result, { lang: 'en', now: new Date(), toolVersion: 'bench' });
mark('report model');
renderHtml(model);
mark('render html');
const out = {};
steps.forEach(([k, v], i) => (out[k] = v - (i > 0 ? steps[i - 1][1] : 0)));
process.stdout.write(JSON.stringify(out));
