#!/usr/bin/env node
import {exitWhenFlushed} from '../lib/cli/exit.js';
import {main} from '../lib/cli/main.js';

await exitWhenFlushed(await main(process.argv.slice(2)));
