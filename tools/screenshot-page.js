// Makes docs/images/status-page.png (docs/http.md, The page): runs the built `sidecar` on a small demo unit with the
// HTTP API, lets the page gather half a minute of history, opens one log pane and saves a screenshot. Needs a build
// (`npm run build`) and a chromium (Debian's, or PUPPETEER_EXECUTABLE_PATH):
//   node tools/screenshot-page.js [output.png]
import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {launch} from 'puppeteer-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = path.resolve(process.argv[2] ?? `${root}docs/images/status-page.png`);
const bin = `${root}dist/cli/sidecar.js`;
const chromium = [process.env.PUPPETEER_EXECUTABLE_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(file => file && existsSync(file));
const token = 'demo-token-0123456789';
const HISTORY_MS = 30_000;

// The demo unit: a web server (main), a log shipper, a worker that uses some cpu and memory, and a flaky job that
// crashes every few seconds (restarts and events to show).
const programs = {
	'web.js': `require('node:http').createServer((q, s) => s.end('ok')).listen(0, () => console.log('web: listening'));
setInterval(() => console.log('web: GET /health 200'), 1500);`,
	'logship.js': 'let n = 0; setInterval(() => console.log(`logship: shipped batch ${++n} (${20 + (n * 7) % 30} lines)`), 900);',
	'worker.js': `const kept = []; let n = 0;
setInterval(() => { const end = Date.now() + 40 + (n++ % 5) * 30; while (Date.now() < end); kept.push(Buffer.alloc(256 * 1024, 1)); if (kept.length > 60) kept.length = 0; console.log('worker: job ' + n + ' done'); }, 400);`,
	'flaky.js': 'console.log("flaky: up"); setTimeout(() => { console.error("flaky: lost the upstream connection"); process.exit(1); }, 6000);',
};

async function freePort() {
	const server = net.createServer();
	await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address();
	await new Promise(resolve => server.close(resolve));
	return port;
}

if (!existsSync(bin)) {
	throw new Error(`unable to run sidecar: ${bin} is missing (npm run build first)`);
}

if (chromium === undefined) {
	throw new Error('unable to start chromium: none found (apt-get install chromium, or set PUPPETEER_EXECUTABLE_PATH)');
}

const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-demo-'));
const port = await freePort();
for (const [name, text] of Object.entries(programs)) {
	writeFileSync(path.join(directory, name), text);
}

const node = name => [process.execPath, path.join(directory, name)];
writeFileSync(path.join(directory, 'sidecar.config.json'), JSON.stringify({
	name: 'shop',
	main: {command: node('web.js')},
	sidecars: {
		logship: {command: node('logship.js')},
		worker: {command: node('worker.js')},
		flaky: {command: node('flaky.js'), backoff: {initial: '500ms', max: '2s'}},
	},
	http: {port, token},
}));
const supervisor = spawn(process.execPath, [bin, 'run'], {cwd: directory, stdio: 'ignore', env: {...process.env, XDG_RUNTIME_DIR: directory}});
const browser = await launch({executablePath: chromium, headless: true, args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-dev-shm-usage']});
try {
	const page = await browser.newPage();
	await page.setViewport({width: 1280, height: 900});
	const base = `http://127.0.0.1:${port}`;
	for (let attempt = 0; ; attempt++) {
		try {
			await page.goto(`${base}/#token=${token}`);
			break;
		} catch (error) {
			if (attempt === 50) {
				throw error;
			}

			await sleep(200); // The supervisor is still starting.
		}
	}

	await page.waitForSelector('tr[data-name="worker"]', {timeout: 20_000});
	await sleep(HISTORY_MS); // The graphs keep one sample a second.
	await page.locator('details.log[data-name="logship"] summary').click();
	await page.waitForFunction('document.querySelector(\'details.log[data-name="logship"] pre\').childElementCount > 10', {timeout: 20_000});
	mkdirSync(path.dirname(output), {recursive: true});
	await page.screenshot({path: output, fullPage: true});
	console.log(`wrote ${path.relative(process.cwd(), output)}`);
} finally {
	await browser.close();
	supervisor.kill('SIGTERM');
	await new Promise(resolve => supervisor.once('exit', resolve));
	rmSync(directory, {recursive: true, force: true});
}
