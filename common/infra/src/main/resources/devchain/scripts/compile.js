// Compiles contracts/*.sol with solcjs (the solc npm package, so no native compiler is fetched)
// and writes build/<Contract>.json with abi and bytecode.
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const root = path.resolve(__dirname, '..');
const contractsDir = path.join(root, 'contracts');
const buildDir = path.join(root, 'build');

const sources = {};
for (const file of fs.readdirSync(contractsDir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[file] = { content: fs.readFileSync(path.join(contractsDir, file), 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    // Must not be newer than the hardfork in hardhat.config.js.
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const message of output.errors || []) {
  console.error(message.formattedMessage);
}
if (errors.length > 0) {
  process.exit(1);
}

// Write to a temp dir and rename, so a reader never sees half a build.
const tmpDir = fs.mkdtempSync(path.join(root, 'build-tmp-'));
let count = 0;
for (const [file, contracts] of Object.entries(output.contracts)) {
  for (const [name, contract] of Object.entries(contracts)) {
    const artifact = {
      contractName: name,
      sourceName: `contracts/${file}`,
      compiler: `solc ${solc.version()}`,
      abi: contract.abi,
      bytecode: `0x${contract.evm.bytecode.object}`,
      deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
    };
    fs.writeFileSync(path.join(tmpDir, `${name}.json`), `${JSON.stringify(artifact, null, 2)}\n`);
    count++;
  }
}
fs.rmSync(buildDir, { recursive: true, force: true });
fs.renameSync(tmpDir, buildDir);
console.log(`compiled ${count} contract(s) with solc ${solc.version()} into ${buildDir}`);
