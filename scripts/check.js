// `npm run check`: the dependency rules, ESLint, Prettier, svelte-check and tsc. ESLint (type-aware, the longest
// at about 55 s on a 2-core machine) runs beside the others, which run one after another; each tool's output is
// printed whole once it ends, and the check fails if any of them fails.
import { spawn } from 'node:child_process';

/** @typedef {{ name: string, command: string[] }} Step */

/** @type {Step[][]} Each inner list runs in order; the lists run at the same time. */
const lanes = [
  [{ name: 'eslint', command: ['eslint', '.'] }],
  [
    { name: 'dependency-cruiser', command: ['depcruise', 'src', '--config', '.dependency-cruiser.cjs'] },
    { name: 'prettier', command: ['prettier', '--check', '.'] },
    {
      name: 'svelte-check',
      command: ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings'],
    },
    { name: 'tsc', command: ['tsc', '-p', 'tsconfig.node.json', '--noEmit'] },
  ],
];

/** @param {Step} step @returns {Promise<boolean>} */
function run(step) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npx', ['--no-install', ...step.command], { stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {Buffer[]} */
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const verdict = code === 0 ? 'passed' : `FAILED (exit code ${code})`;
      process.stdout.write(`\n> ${step.command.join(' ')}\n${Buffer.concat(output).toString()}`);
      process.stdout.write(`${step.name} ${verdict} in ${seconds} s\n`);
      resolve(code === 0);
    });
  });
}

/** @param {Step[]} lane */
async function runLane(lane) {
  let passed = true;
  for (const step of lane) passed = (await run(step)) && passed;
  return passed;
}

const results = await Promise.all(lanes.map(runLane));
if (results.includes(false)) {
  console.error('\nnpm run check failed: see the FAILED step above.');
  process.exit(1);
}
