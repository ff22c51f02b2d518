import {EXIT} from '../../errors.js';
import type {UnitSnapshot} from '../../supervisor/snapshot.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';
import {renderTable, statusRows} from '../status-table.js';
import {callUnit, findUnit} from '../unit-socket.js';

// `sidecar status [--json]`: every process of the unit as a table, or design.md's JSON object.
export async function status(args: string[]): Promise<number> {
	const {values} = parseCommand('status', args);
	const reply = await callUnit(await findUnit(values, process.cwd()), {type: 'status'});
	const unit = (reply as {status: UnitSnapshot}).status;
	printOut(values.json ? JSON.stringify(unit, null, 2) : `unit ${unit.name} (supervisor pid ${unit.supervisorPid})\n${renderTable(statusRows(unit.processes))}`);
	return EXIT.ok;
}
