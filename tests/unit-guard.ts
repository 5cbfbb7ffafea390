/**
 * Root hook of `npm run test:unit` (.mocharc.unit.json): the unit set starts no process, so any attempt to
 * spawn one (a policy pack, the built CLI) fails that test with a message saying where the test belongs.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, which callers read spawn from
import childProcess = require("node:child_process");

/** The child_process functions that start a process. */
const STARTERS = ["spawn", "spawnSync", "fork", "exec", "execSync", "execFile", "execFileSync"] as const;

/** The module object itself (not an import namespace), so that replacing a function reaches every caller. */
const exportsOfChildProcess = childProcess as unknown as Record<string, unknown>;
const originals = new Map(STARTERS.map((name) => [name, exportsOfChildProcess[name]]));

/** Mocha root hooks: forbid starting processes for the run, then put child_process back. */
export const mochaHooks = {
    beforeAll(): void {
        for (const name of STARTERS) {
            exportsOfChildProcess[name] = () => {
                throw new Error(
                    `child_process.${name}: the unit tests (npm run test:unit) start no process; a test that needs a pack ` +
                        "process or the built CLI belongs outside the folders .mocharc.unit.json lists (or in its ignore list)",
                );
            };
        }
    },
    afterAll(): void {
        for (const [name, original] of originals) exportsOfChildProcess[name] = original;
    },
};
