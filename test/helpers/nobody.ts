import {spawnSync} from 'node:child_process';
import {BIN} from './cli.js';

// setpriv's prefix that runs a command as nobody:nogroup with no supplementary groups (util-linux).
export const AS_NOBODY = ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

// Tests that run the CLI as nobody need root (to switch) and a checkout nobody can read: a clone under a 0700
// directory (mktemp -d) cannot be, and those tests then skip rather than fail for a reason that is not theirs.
export const nobodyCanRunCheckout = process.getuid?.() === 0
	&& spawnSync(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(BIN)}, 4)`]).status === 0;
