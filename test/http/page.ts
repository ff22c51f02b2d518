import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import test, {type ExecutionContext, type Implementation} from 'ava';
import type {Browser, Page} from 'puppeteer-core';
import type {StatusProcess, UnitStatus} from '../../lib/control/protocol.js';
import {findChromium, launchChromium, openRecordedPage, type RecordedPage} from '../helpers/browser.js';
import {fixture} from '../helpers/fixtures.js';
import {startUnit} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

const PAGE = fileURLToPath(new URL('../../../lib/http/page/index.html', import.meta.url));
const TOKEN = 'page-test-token-0123'; // http.token: at least 16 characters.

test('the page is one file under 30 KB that names no http(s) or protocol-relative URL', t => {
	const html = readFileSync(PAGE, 'utf8');
	t.true(Buffer.byteLength(html) < 30 * 1024, `${Buffer.byteLength(html)} bytes`);
	t.deepEqual(html.match(/https?:\/\/[^\s"'<>`]*/gi) ?? [], []);
	t.deepEqual(html.match(/(?:src|href|action)\s*=\s*["']?\/\//gi) ?? [], []);
});

const chromium = findChromium();
// Without a chromium the browser tests are skipped, and their titles say why.
const skipped = chromium === undefined ? ' [skipped: no chromium executable; apt-get install chromium, or set PUPPETEER_EXECUTABLE_PATH]' : '';
// One browser, one test at a time: each test runs a unit and a tab, and the 2 s bound must hold on a loaded machine.
const browserTest = (title: string, implementation: Implementation<[]>) =>
	(chromium === undefined ? test.serial.skip : test.serial)(`${title}${skipped}`, implementation);

let browser: Browser | undefined;
test.before(async () => {
	if (chromium !== undefined) {
		browser = await launchChromium(chromium);
	}
});
test.after.always(async () => browser?.close());

// A unit of three forever-running processes with the HTTP API on loopback (and a token, when given). Port 0: the
// listener picks a free one and its `http` event names the URL, so no other test can take the port in between.
async function startPagedUnit(t: ExecutionContext, token?: string) {
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js')},
		sidecars: {logship: {command: fixture('forever.js')}, worker: {command: fixture('forever.js')}},
		http: {port: 0, ...(token === undefined ? {} : {token})},
	}, {json: true});
	const [listening] = await unit.until(unit.unit, 'http');
	const base = new URL(String(listening!.url)).origin;
	// GET /v1/status as the test reads it (with the token: every /v1 request needs it when one is set).
	const status = async () => fetchStatus(base, token);
	await waitFor(async () => status().catch(() => undefined), 20_000, 'the HTTP API to answer');
	return {unit, base, status};
}

async function fetchStatus(base: string, token?: string): Promise<UnitStatus> {
	const headers: Record<string, string> = token === undefined ? {} : {authorization: `Bearer ${token}`};
	const reply = await (await fetch(`${base}/v1/status`, {headers})).json() as {ok: boolean; status: UnitStatus};
	if (!reply.ok) {
		throw new Error(`GET /v1/status: ${JSON.stringify(reply)}`);
	}

	return reply.status;
}

const processIn = (status: UnitStatus, name: string): StatusProcess => status.processes.find(entry => entry.name === name)!;

async function openPage(t: ExecutionContext, url: string): Promise<RecordedPage> {
	const recorded = await openRecordedPage(browser!, url);
	t.teardown(recorded.close);
	return recorded;
}

type Row = {state: string; pid: string; restarts: string; actions: boolean};

// Every row of the page's process table, read in the page: name → what it shows.
const READ_ROWS = `Object.fromEntries([...document.querySelectorAll('#processes tbody tr')].map(row => [row.dataset.name, {
	state: row.querySelector('[data-field=state]').dataset.state,
	pid: row.querySelector('[data-field=pid]').textContent,
	restarts: row.querySelector('[data-field=restarts]').textContent,
	actions: !row.querySelector('.actions').hidden,
}]))`;
const readRows = async (page: Page): Promise<Record<string, Row>> => page.evaluate(READ_ROWS) as Promise<Record<string, Row>>;
const readText = async (page: Page, selector: string): Promise<string> =>
	page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`) as Promise<string>;

// Opens the log pane of `name` as a user does, by clicking its summary.
async function openPane(page: Page, name: string): Promise<void> {
	await page.locator(`details.log[data-name="${name}"] summary`).click();
	await waitFor(async () => page.evaluate(`document.querySelector('details.log[data-name="${name}"]').open`), 5000, `the log pane of ${name} to open`);
}

// Waits until the log pane of `name` shows `text`; the error says what it showed instead.
async function paneShows(page: Page, name: string, text: string): Promise<void> {
	const pane = `details.log[data-name="${name}"] pre`;
	await waitFor(async () => (await readText(page, pane)).includes(text), 20_000, `"${text}" in the log pane of ${name}`)
		.catch(async (error: Error) => {
			throw new Error(`${error.message}; it shows:\n${(await readText(page, pane)).slice(-1000)}`);
		});
}

// Waits until the page's row of `name` shows a pid (a number) and returns it.
async function rowPid(page: Page, name: string, other?: number): Promise<number> {
	return waitFor(async () => {
		const pid = Number((await readRows(page))[name]?.pid);
		return Number.isInteger(pid) && pid !== other ? pid : undefined;
	}, 20_000, `the row of ${name} to show a pid${other === undefined ? '' : ` other than ${other}`}`);
}

browserTest('the page renders the unit: a row per process with the state, pid and restarts /v1/status gives', async t => {
	const {base, status} = await startPagedUnit(t);
	const {page, errors} = await openPage(t, `${base}/`);
	await waitFor(async () => Object.keys(await readRows(page)).length === 3, 20_000, 'three rows');
	const running = await waitFor(async () => {
		const current = await status();
		return current.processes.every(entry => entry.state === 'running') ? current : undefined;
	}, 20_000, 'every process running');
	const shown = await waitFor(async () => {
		const rows = await readRows(page);
		return running.processes.every(entry => rows[entry.name]?.state === 'running' && rows[entry.name]?.pid === String(entry.pid)) ? rows : undefined;
	}, 5000, 'the rows to match /v1/status');
	t.deepEqual(Object.keys(shown).sort(), ['logship', 'main', 'worker']);
	for (const entry of running.processes) {
		t.is(shown[entry.name]!.restarts, String(entry.restarts));
		t.false(shown[entry.name]!.actions, 'no buttons without a token');
	}

	t.is(await readText(page, '#unit'), running.name);
	t.regex(await readText(page, '#connection'), /^live/);
	t.deepEqual(errors, []);
});

browserTest('a sidecar crash shows on the page within 2 s: its row loses the pid, then has the new one and a restart, and the event is listed', async t => {
	const {base, status} = await startPagedUnit(t);
	const {page, errors} = await openPage(t, `${base}/`);
	const pid = await rowPid(page, 'logship');
	const killedAt = Date.now();
	process.kill(pid, 'SIGKILL');
	await waitFor(async () => (await readRows(page)).logship!.pid !== String(pid), 10_000, 'the row to drop the killed pid');
	const shownAfter = Date.now() - killedAt;
	t.log(`the row changed ${shownAfter} ms after the SIGKILL`);
	t.true(shownAfter <= 2000, `the row changed ${shownAfter} ms after the crash`);

	const restarted = await waitFor(async () => {
		const entry = processIn(await status(), 'logship');
		return entry.pid !== null && entry.pid !== pid && entry.restarts >= 1 ? entry : undefined;
	}, 20_000, 'the API to report the new pid');
	const reportedAt = Date.now();
	await waitFor(async () => {
		const row = (await readRows(page)).logship!;
		return row.pid === String(restarted.pid) && Number(row.restarts) >= 1;
	}, 10_000, 'the row to show the new pid');
	const lag = Date.now() - reportedAt;
	t.log(`the row showed the new pid ${lag} ms after /v1/status did`);
	t.true(lag <= 2000, `the row showed the new pid ${lag} ms after /v1/status`);
	t.regex(await readText(page, '#events'), /logship exited/);
	t.deepEqual(errors, []);
});

browserTest('the restart button restarts a sidecar: /v1/status has its new pid, and the row shows it', async t => {
	const {base, status} = await startPagedUnit(t, TOKEN);
	const {page, requests, errors} = await openPage(t, `${base}/#token=${TOKEN}`);
	const pid = await rowPid(page, 'logship');
	t.false(page.url().includes(TOKEN), 'the token leaves the address bar');
	await page.locator('tr[data-name="logship"] button[data-action="restart"]').click();
	const restarted = await waitFor(async () => {
		const entry = processIn(await status(), 'logship');
		return entry.pid !== null && entry.pid !== pid ? entry : undefined;
	}, 20_000, 'a new pid of logship in /v1/status');
	t.is(await rowPid(page, 'logship', pid), restarted.pid!);
	// The reply comes once the new process is up, a moment after /v1/status has its pid.
	await waitFor(async () => /restart logship: done/.test(await readText(page, '#notice')), 20_000, 'the reply on the page');
	t.is(processIn(await status(), 'worker').restarts, 0, 'only logship restarted');
	t.deepEqual(requests.filter(url => url.split('#')[0]!.includes(TOKEN)), [], 'the token is in no URL (the fragment never leaves the browser)');
	t.deepEqual(errors, []);
});

browserTest('the stop and start buttons hold a sidecar stopped and start it again', async t => {
	const {base, status} = await startPagedUnit(t, TOKEN);
	const {page, errors} = await openPage(t, `${base}/#token=${TOKEN}`);
	const pid = await rowPid(page, 'worker');
	await page.locator('tr[data-name="worker"] button[data-action="stop"]').click();
	await waitFor(async () => processIn(await status(), 'worker').state === 'stopped', 20_000, 'worker stopped');
	await waitFor(async () => (await readRows(page)).worker!.state === 'stopped', 5000, 'the row to show stopped');
	await page.locator('tr[data-name="worker"] button[data-action="start"]').click();
	const started = await waitFor(async () => {
		const entry = processIn(await status(), 'worker');
		return entry.pid !== null && entry.pid !== pid ? entry : undefined;
	}, 20_000, 'worker started again').catch(async (error: Error) => {
		throw new Error(`${error.message}; the page says: ${await readText(page, '#notice')}`);
	});
	t.is(await rowPid(page, 'worker', pid), started.pid!);
	t.deepEqual(errors, []);
});

browserTest('a wrong token shows the refusal and no process', async t => {
	const {base, status} = await startPagedUnit(t, TOKEN);
	const {page, errors} = await openPage(t, `${base}/#token=not-the-token-0123`);
	await waitFor(async () => (await readText(page, '#connection')).includes('wrong token'), 20_000, 'the refusal on the page');
	t.deepEqual(await readRows(page), {});
	t.is(processIn(await status(), 'logship').restarts, 0);
	t.deepEqual(errors, []);
});

browserTest('a button the unit refuses changes nothing, and the page says why: start on a running sidecar', async t => {
	const {base, status} = await startPagedUnit(t, TOKEN);
	const {page, errors} = await openPage(t, `${base}/#token=${TOKEN}`);
	const pid = await rowPid(page, 'worker');
	t.deepEqual(await page.evaluate(`[...document.querySelectorAll('tr[data-name="main"] button')].filter(button => !button.hidden).map(button => button.dataset.action)`), ['restart'], 'main has no stop or start button (the unit refuses both)');
	await page.locator('tr[data-name="worker"] button[data-action="start"]').click();
	const notice = await waitFor(async () => {
		const text = await readText(page, '#notice');
		return text.startsWith('unable to start worker') ? text : undefined;
	}, 20_000, 'the refusal on the page');
	t.is(notice, 'unable to start worker: it is running (only a process that is down can be started)');
	const worker = processIn(await status(), 'worker');
	t.is(worker.pid, pid);
	t.is(worker.restarts, 0);
	t.deepEqual(errors, []);
});

browserTest('without the token of a unit that has one, the page shows nothing but the refusal; typed in, it shows the unit', async t => {
	const {base} = await startPagedUnit(t, TOKEN);
	const {page, requests, errors} = await openPage(t, `${base}/`);
	await waitFor(async () => (await readText(page, '#connection')).includes('needs Authorization: Bearer TOKEN'), 20_000, 'the refusal on the page');
	t.deepEqual(await readRows(page), {});
	await page.type('#token-input', TOKEN);
	await page.locator('#token-save').click();
	await waitFor(async () => Object.keys(await readRows(page)).length === 3, 20_000, 'three rows once the token is in');
	t.true((await readRows(page)).logship!.actions, 'the buttons are shown');
	t.is(await page.evaluate('sessionStorage.getItem("sidecar-token")'), TOKEN);
	t.deepEqual(requests.filter(url => url.split('#')[0]!.includes(TOKEN)), [], 'the token is in no URL (the fragment never leaves the browser)');
	t.deepEqual(errors, []);
});

browserTest('a log pane follows its process: its lines, then the next spawn\'s after a crash', async t => {
	const {base} = await startPagedUnit(t);
	const {page, errors} = await openPage(t, `${base}/`);
	const pid = await rowPid(page, 'logship');
	await openPane(page, 'logship');
	await paneShows(page, 'logship', `pid ${pid}`);
	process.kill(pid, 'SIGKILL');
	const next = await rowPid(page, 'logship', pid);
	await paneShows(page, 'logship', `pid ${next}`);
	t.notRegex(await readText(page, 'details.log[data-name="logship"] pre'), new RegExp(`pid ${await rowPid(page, 'worker')}\\b`), 'no other process\'s lines');
	t.deepEqual(errors, []);
});

browserTest('the page sends no request to another origin, whatever it does', async t => {
	const {base} = await startPagedUnit(t, TOKEN);
	const {page, requests} = await openPage(t, `${base}/#token=${TOKEN}`);
	const pid = await rowPid(page, 'logship');
	await openPane(page, 'logship');
	await paneShows(page, 'logship', `pid ${pid}`);
	await page.locator('tr[data-name="logship"] button[data-action="restart"]').click();
	await rowPid(page, 'logship', pid);
	const paths = new Set(requests.map(url => new URL(url).pathname));
	t.true(['/', '/v1/status', '/v1/events', '/v1/logs', '/v1/processes/logship/restart'].every(path => paths.has(path)), [...paths].join(' '));
	t.deepEqual(requests.filter(url => !url.startsWith('data:') && new URL(url).origin !== base), []);
});
