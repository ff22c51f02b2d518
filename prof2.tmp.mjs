import {readFileSync} from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2]));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
let t = p.startTime; const W = 10000; const buckets = new Map();
const label = id => { const chain = []; let x = id; while (x !== undefined) { const n = byId.get(x); const u = n.callFrame.url.replace(/.*\/(node_modules\/[^/]+|dist\/.*)/, '$1'); if (u && !u.startsWith('node:')) chain.push(u.replace('dist/cli/chunks/','') + ':' + n.callFrame.functionName); x = parent.get(x); } return chain.slice(0, 2).join(' < ') || byId.get(id).callFrame.functionName + '@' + byId.get(id).callFrame.url.replace(/.*\//,''); };
for (let i = 0; i < p.samples.length; i++) { t += p.timeDeltas[i]; const b = Math.floor((t - p.startTime) / W); const m = buckets.get(b) ?? new Map(); const l = label(p.samples[i]); m.set(l, (m.get(l) ?? 0) + p.timeDeltas[i]); buckets.set(b, m); }
for (const [b, m] of [...buckets].sort((a, c) => a[0] - c[0]).slice(0, 20)) { console.log(`${b * 10}ms:`, [...m].sort((a, c) => c[1] - a[1]).slice(0, 4).map(([l, us]) => `${(us/1000).toFixed(1)} ${l.slice(0, 70)}`).join(' | ')); }
