#!/usr/bin/env node
// CommonJS, as dist/ is: Node then starts without its ES module loader (bench/cold-start).
'use strict';
require('../dist/cli.cjs').main(process.argv.slice(2));
