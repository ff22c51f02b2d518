import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {environmentValues, notificationJson, type Notification} from '../../lib/notifications/notification-json.js';

const notification = (stderr: string[]): Notification => ({kind: 'fatal', unit: 'shop', name: 'w', time: '2026-01-01T00:00:00.000Z', event: {event: 'fatal', name: 'w', reason: 'too many restarts', code: 1, signal: null, restarts: 10, windowMs: 60_000, stderr}, stderr});

test('no value of a process\'s environment leaves in a notification, even one a crash printed; short values stay', t => {
	const config = resolveConfig({main: {command: 'x', env: {PORT: '8080', TOKEN: 'hunter2-"quoted"'}}, sidecars: {w: {command: 'w', env: {DB_URL: 'postgres://u:pw@db/x'}}}}, '/srv/shop');
	const secrets = environmentValues(config);
	t.deepEqual(secrets, ['postgres://u:pw@db/x', 'hunter2-"quoted"']);
	const json = notificationJson(notification(['connecting to postgres://u:pw@db/x on 8080', 'token hunter2-"quoted"']), secrets);
	t.false(json.includes('postgres://u:pw@db/x'));
	t.false(json.includes('hunter2'));
	t.deepEqual((JSON.parse(json) as Notification).stderr, ['connecting to **** on 8080', 'token ****']);
});
