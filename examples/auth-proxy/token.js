// Bearer tokens: base64url(JSON claims) + "." + base64url(HMAC-SHA256(secret, that first part)).
// Claims: sub (user id), roles (array), exp (expiry, seconds since the epoch).
import {createHmac, timingSafeEqual} from 'node:crypto';

const sign = (payload, secret) => createHmac('sha256', secret).update(payload).digest('base64url');

// A token for `claims`.
export function signToken(claims, secret) {
	const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
	return `${payload}.${sign(payload, secret)}`;
}

// {claims} for a good token, {reason} for a bad one.
export function verifyToken(token, secret, now = Date.now()) {
	const [payload, signature, extra] = String(token).split('.');
	if (!payload || !signature || extra !== undefined) {
		return {reason: 'malformed token'};
	}

	const expected = Buffer.from(sign(payload, secret));
	const given = Buffer.from(signature);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) { // Constant time: no timing oracle.
		return {reason: 'bad signature'};
	}

	let claims;
	try {
		claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
	} catch {
		return {reason: 'malformed claims'};
	}

	if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles) || typeof claims.exp !== 'number') {
		return {reason: 'claims need sub, roles and exp'};
	}

	return claims.exp * 1000 <= now ? {reason: 'token expired'} : {claims};
}
