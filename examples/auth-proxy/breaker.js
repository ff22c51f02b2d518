// A circuit breaker: `threshold` failed calls in a row open it; after `cooldown` ms one trial call is let
// through (half-open): success closes it, failure opens it again.
export class CircuitBreaker {
	constructor({threshold, cooldown, log, now = Date.now}) {
		Object.assign(this, {threshold, cooldown, log, now, state: 'closed', failures: 0, openedAt: 0});
	}

	// Whether a call may go to the upstream now.
	allow() {
		if (this.state === 'open' && this.now() - this.openedAt >= this.cooldown) {
			this.state = 'half-open';
			this.log('circuit half-open: letting one call through');
			return true;
		}

		return this.state === 'closed';
	}

	succeeded() {
		if (this.state !== 'closed') {
			this.log('circuit closed: upstream answers again');
		}

		this.state = 'closed';
		this.failures = 0;
	}

	failed() {
		this.failures += 1;
		if (this.state === 'half-open' || this.failures >= this.threshold) {
			this.state = 'open';
			this.openedAt = this.now();
			this.log(`circuit open for ${this.cooldown}ms after ${this.failures} failed calls`);
		}
	}

	// Seconds until a trial call is allowed (for Retry-After).
	retryAfter() {
		return Math.max(1, Math.ceil((this.cooldown - (this.now() - this.openedAt)) / 1000));
	}
}
