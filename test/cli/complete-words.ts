import test from 'ava';
import {completeWords, type NameSource} from '../../lib/cli/complete-words.js';

const names: NameSource = async kind => (kind === 'sidecars' ? ['logship', 'metrics'] : ['main', 'logship', 'metrics']);
const completes = test.macro(async (t, words: string[], expected: string[]) => {
	t.deepEqual(await completeWords(words, names), expected);
});

test('the first word completes to commands', completes, ['re'], ['restart', 'resume', 'reload']);
test('an empty first word lists every command', completes, [''], ['run', 'check', 'init', 'export', 'import', 'status', 'restart', 'scale', 'signal', 'stop', 'start', 'run-now', 'pause', 'resume', 'reload', 'logs', 'top', 'wait', 'completion', 'help', 'version']);
test('options of the command, with --help', completes, ['run', '--'], ['--config', '--name', '--log-format', '--env', '--profile', '--watch', '--no-watch', '--procfile', '--formation', '--port', '--restart', '--help']);
test('an option\'s choices', completes, ['run', '--log-format', ''], ['pretty', 'json']);
test('an option with a free value lets the shell complete files', completes, ['run', '--config', ''], []);
test('after `--` the shell completes the command', completes, ['run', '--', 'no'], []);
test('export targets', completes, ['export', 'k'], ['kubernetes']);
test('export takes one target only', completes, ['export', 'systemd', ''], []);
test('restart completes sidecar names, not main', completes, ['restart', ''], ['logship', 'metrics']);
test('logs completes every process name', completes, ['logs', '-f', 'm'], ['main', 'metrics']);
test('signal completes a process, then a signal', completes, ['signal', 'main', 'SIGUS'], ['SIGUSR1', 'SIGUSR2']);
test('a value after an option is not counted as a positional', completes, ['signal', '--name', 'shop', 'lo'], ['logship']);
test('help completes commands', completes, ['help', 'st'], ['status', 'stop', 'start']);
test('stop and start complete sidecar names, not main', completes, ['stop', ''], ['logship', 'metrics']);
test('start takes one name only', completes, ['start', 'logship', ''], []);
test('completion completes shells', completes, ['completion', ''], ['bash', 'zsh', 'fish']);
test('an unknown command completes nothing', completes, ['frob', ''], []);
