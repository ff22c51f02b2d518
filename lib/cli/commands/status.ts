import {EXIT} from '../../errors.js';
import {parseCommand} from '../args.js';
import {printOut} from '../print.js';
import {renderTable, statusRows} from '../status-table.js';
import {callUnit, findUnit} from '../unit-socket.js';

// `sidecar status [--json]`: every process of the unit as a table, or the JSON object docs/control.md describes.
export async function status(args: string[]): Promise<number> {
	const {values} = parseCommand('status', args);
	const {status: unit} = await callUnit(await findUnit(values, process.cwd()), {type: 'status'});
	await printOut(values.json ? JSON.stringify(unit, null, 2) : `unit ${unit.name} (supervisor pid ${unit.supervisorPid})\n${renderTable(statusRows(unit.processes, unit.groups))}`);
	return EXIT.ok;
}
