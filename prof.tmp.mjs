import {readFileSync} from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2]));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const dt = p.timeDeltas; let total = 0;
const counts = new Map();
for (let i = 0; i < p.samples.length; i++) { counts.set(p.samples[i], (counts.get(p.samples[i]) ?? 0) + (dt[i] ?? 0)); total += dt[i] ?? 0; }
const byUrl = new Map(); const byFn = new Map();
for (const [id, us] of counts) { const n = byId.get(id); const url = n.callFrame.url.replace(/.*\/(node_modules\/[^/]+|dist\/.*)/, '$1') || '(' + n.callFrame.functionName + ')'; byUrl.set(url, (byUrl.get(url) ?? 0) + us); const f = url + ' ' + n.callFrame.functionName + ':' + n.callFrame.lineNumber; byFn.set(f, (byFn.get(f) ?? 0) + us); }
console.log('total ms', (total / 1000).toFixed(1), 'span ms', ((p.endTime - p.startTime) / 1000).toFixed(1));
for (const [u, us] of [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log((us / 1000).toFixed(1).padStart(7), u);
console.log('---');
for (const [u, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log((us / 1000).toFixed(1).padStart(7), u);
