import {Writable} from 'node:stream';
import test from 'ava';
import {flushed, OutputSink} from '../../lib/logs/sink.js';

// A stream that completes each write 30 ms after it is given, one at a time, as a slow disk or thread pool would.
function slowStream(written: string[]): Writable {
	return new Writable({
		highWaterMark: 4,
		write(chunk: Buffer, _encoding, done) {
			setTimeout(() => {
				written.push(chunk.toString());
				done();
			}, 30);
		},
	});
}

test('flushed resolves only once every earlier write is done', async t => {
	const written: string[] = [];
	const sink = new OutputSink(slowStream(written));
	sink.write('one\n');
	sink.write('two\n');
	sink.write('three\n');
	t.deepEqual(written, []);
	await sink.flushed();
	t.is(written.join(''), 'one\ntwo\nthree\n'); // The empty write that marks the end adds nothing.
});

test('flushed resolves at once with nothing queued, and on a stream that failed', async t => {
	const written: string[] = [];
	const idle = slowStream(written);
	await flushed(idle);
	t.deepEqual(written, []);
	const broken = new Writable({
		write(_chunk, _encoding, done) {
			done(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}));
		},
	});
	const sink = new OutputSink(broken); // Its error listener keeps the failure from being thrown.
	sink.write('lost\n');
	sink.write('lost too\n');
	await sink.flushed();
	t.true(broken.destroyed);
});
