import test from 'ava';
import {parseDuration, parseSize} from '../../lib/config/units.js';

const durationIs = test.macro((t, input: number | string, expected: number | undefined) => {
	t.is(parseDuration(input), expected);
});
const sizeIs = test.macro((t, input: number | string, expected: number | undefined) => {
	t.is(parseSize(input), expected);
});

test('a number is milliseconds', durationIs, 1500, 1500);
test('"250ms" is 250', durationIs, '250ms', 250);
test('"10s" is 10000', durationIs, '10s', 10_000);
test('"2m" is 120000', durationIs, '2m', 120_000);
test('"1.5s" is 1500', durationIs, '1.5s', 1500);
test('"10 parsecs" is not a duration', durationIs, '10 parsecs', undefined);
test('a negative number is not a duration', durationIs, -1, undefined);
test('"256MiB" is binary', sizeIs, '256MiB', 256 * 1024 * 1024);
test('"512K" is binary', sizeIs, '512K', 512 * 1024);
test('"1G" is binary', sizeIs, '1G', 1024 ** 3);
test('a number is bytes', sizeIs, 4096, 4096);
test('"12 bananas" is not a size', sizeIs, '12 bananas', undefined);
test('zero is not a size', sizeIs, 0, undefined);
test('"0.5K" is 512', sizeIs, '0.5K', 512);
test('"0MiB" is not a size', sizeIs, '0MiB', undefined);
test('"0s" is 0', durationIs, '0s', 0);
