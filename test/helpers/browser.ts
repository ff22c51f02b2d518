import {existsSync} from 'node:fs';
import {launch, type Browser, type Page} from 'puppeteer-core';

// Debian's chromium (`apt-get install chromium`), or the browser PUPPETEER_EXECUTABLE_PATH names; undefined on a
// machine with neither, where the browser tests skip.
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
	return [env.PUPPETEER_EXECUTABLE_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
		.find((file): file is string => file !== undefined && file !== '' && existsSync(file));
}

// A headless chromium (puppeteer's `headless: true` is `--headless=new`). As root chromium refuses to start with its
// sandbox, so root gets `--no-sandbox`; /dev/shm in a container can be too small for it.
export async function launchChromium(executablePath: string): Promise<Browser> {
	const root = process.getuid?.() === 0;
	return launch({executablePath, headless: true, args: [...(root ? ['--no-sandbox'] : []), '--disable-dev-shm-usage'], protocolTimeout: 60_000});
}

export type RecordedPage = {page: Page; requests: string[]; errors: string[]; close: () => Promise<void>};

// A tab of its own (a fresh context: no sessionStorage shared between tests) on `url`. Every request it makes is
// recorded, and any to another origin is aborted; `errors` collects the page's uncaught errors.
export async function openRecordedPage(browser: Browser, url: string): Promise<RecordedPage> {
	const context = await browser.createBrowserContext();
	const page = await context.newPage();
	const {origin} = new URL(url);
	const requests: string[] = [];
	const errors: string[] = [];
	page.on('pageerror', error => errors.push(String(error)));
	await page.setRequestInterception(true);
	page.on('request', request => {
		requests.push(request.url());
		if (request.url().startsWith('data:') || new URL(request.url()).origin === origin) {
			void request.continue();
		} else {
			void request.abort();
		}
	});
	await page.setViewport({width: 1200, height: 800});
	await page.goto(url);
	return {page, requests, errors, close: async () => context.close()};
}
