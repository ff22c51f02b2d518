import type {AddOn} from '../supervisor/add-on.js';
import type {SendNotification} from './notifier.js';

// Notifications (docs/control.md, Notifications), attached only when the config has an `on` (lib/cli/unit-add-ons.ts):
// its code loads then. Once the unit has stopped, its failure is told and the sends under way are awaited, each at
// most its timeout. `send`: a test's fake (the real one runs commands and POSTs).
export function notificationsAddOn(send?: SendNotification): AddOn {
	return {
		name: 'notifications',
		async attach(unit, signal) {
			const [{Notifier}, {sendNotification}] = await Promise.all([import('./notifier.js'), import('./send-notification.js')]);
			const notifier = new Notifier(unit, send ?? sendNotification);
			notifier.follow(signal);
			return async () => {
				// Settled before the detachers run when the unit ran to its end; a start-up that failed never settles it.
				const code = await Promise.race([unit.finished, Promise.resolve(null)]);
				await notifier.finish(code);
			};
		},
	};
}
