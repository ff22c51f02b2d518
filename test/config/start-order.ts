import test from 'ava';
import {planStartOrder} from '../../lib/config/start-order.js';

test('dependencies come first, ties keep the declared order', t => {
	const {order, cycle} = planStartOrder([
		{name: 'web', dependsOn: ['db', 'cache']},
		{name: 'cache', dependsOn: []},
		{name: 'db', dependsOn: []},
		{name: 'log', dependsOn: []},
	]);
	t.deepEqual(order, ['db', 'cache', 'web', 'log']);
	t.is(cycle, null);
});

test('a cycle is named', t => {
	t.deepEqual(planStartOrder([{name: 'a', dependsOn: ['b']}, {name: 'b', dependsOn: ['a']}]).cycle, ['a', 'b', 'a']);
});
