import type {NotifyKind} from '../config/types.js';
import type {LifecycleEvent} from '../events/unit-events.js';

// The kind of notification a lifecycle event is, or null (docs/control.md, Notifications, has this table). Main never
// goes `fatal` (it is not restarted: its exit ends the unit), so `mainFailed` says its exit was a failure (not a
// success code, not the stop the supervisor asked for): that exit is main's `fatal` as well as its `exit`.
export function notifyKinds(event: LifecycleEvent, mainFailed: boolean): NotifyKind[] {
	switch (event.event) {
		case 'fatal': {
			return ['fatal'];
		}

		case 'restarting': {
			return ['restart'];
		}

		case 'unhealthy': {
			return ['unhealthy'];
		}

		case 'limit': {
			return ['limit'];
		}

		case 'degraded': {
			return ['degraded'];
		}

		case 'exited': {
			return mainFailed ? ['exit', 'fatal'] : ['exit'];
		}

		case 'schedule-failing': {
			return ['scheduleFailed'];
		}

		case 'schedule-ended': {
			return event.result === 'failed' ? ['scheduleFailed'] : [];
		}

		default: {
			return [];
		}
	}
}
