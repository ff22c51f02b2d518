// Prints a token: `node mint-token.js USER [ROLE,ROLE] [SECONDS]`, signed with $AUTH_SECRET.
import {signToken} from './token.js';

const [user = 'alice', roles = 'reader', seconds = '3600'] = process.argv.slice(2);
const secret = process.env.AUTH_SECRET ?? 'dev-only-secret';
console.log(signToken({sub: user, roles: roles.split(',').filter(Boolean), exp: Math.floor(Date.now() / 1000) + Number(seconds)}, secret));
