/**
 * The one ses-guard policy pack process a test run shares: started on first use (from the repository root,
 * as the CLI starts it, with this process's environment) and stopped by the root `afterAll` hook that
 * .mocharc.json loads this file for. Tests that need a pack of their own (policy config, another environment,
 * another pack) start it themselves (tests/policies/pack-harness.ts `usePack`).
 */
import { startPolicyPack, type PolicyPackProcess } from "../offline-engine/pack-process";
import { ROOT } from "../testing/run-cli";

let starting: Promise<PolicyPackProcess> | undefined;
let running: PolicyPackProcess | undefined;
let hooked = false;

/** The shared pack process, started on the first call; a failed start fails every caller alike. */
export function sharedPack(): Promise<PolicyPackProcess> {
    if (!hooked) {
        return Promise.reject(
            new Error("the shared policy pack is stopped by the root hook of .mocharc.json (require dist/tests/shared-pack.js); run mocha with that config"),
        );
    }
    starting ??= startPolicyPack(ROOT).then((pack) => (running = pack));
    return starting;
}

/** True for the shared pack process, to which no test may send its own policy config. */
export function isSharedPack(pack: PolicyPackProcess): boolean {
    return pack === running;
}

/** Mocha root hooks: allow the shared pack for this run, and stop it once every test has run. */
export const mochaHooks = {
    beforeAll(): void {
        hooked = true;
    },
    async afterAll(): Promise<void> {
        hooked = false;
        await starting?.catch(() => undefined);
        await running?.close();
        starting = running = undefined;
    },
};
