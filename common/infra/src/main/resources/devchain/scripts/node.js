// Runs `hardhat node` with the given arguments and exits when stdin closes: the JVM that
// started it holds the other end, so a JVM that dies without closing DevChain leaves no
// orphan node behind.
'use strict';

const path = require('path');

// A Ctrl-C in the terminal reaches the whole process group; the JVM stops this node in its
// turn (by closing stdin or SIGTERM), after whatever still uses it.
process.on('SIGINT', () => {});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

const cli = path.join(__dirname, '..', 'node_modules', 'hardhat', 'internal', 'cli', 'cli.js');
process.argv = [process.argv[0], cli, 'node', ...process.argv.slice(2)];
require(cli);
